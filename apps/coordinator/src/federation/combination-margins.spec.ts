import { join } from 'node:path';
import { combinationMargins, marginDimensions } from '@bfa/combination';
import {
  attackerIntervals,
  checkProtection,
  coordinatesKey,
  crossTable,
  protectionRequirements,
} from '@bfa/disclosure';
import { cellGrid, loadPolicies } from '@bfa/policy';
import { Refusal } from '@bfa/runtime';
import { riskFactorCombination } from '../../../../deploy/local/risk-factors';
import { MarginLeaf, protectCombinationMargins } from './combination-margins';
import { protectionPolicy, releaseDimensions } from './release-table';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const spec = riskFactorCombination({
  atLeast: 1,
  purpose: 'Smart Start: children with several risk factors, margins test',
});
const K = 10;
const grid = cellGrid(catalog, spec.groupBy);
const groups = combinationMargins(catalog, spec.groupBy);

/** A deterministic small generator (mulberry32): per cell its children and those with the factors, sparse like a tenth of the region. */
function truthOf(seed: number, meanChildren: number): { children: number; count: number }[] {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return grid.map(() => {
    const children = Math.floor(random() * random() * 2 * meanChildren);
    return { children, count: Math.floor(random() * (children + 1) * 0.6) };
  });
}

/** What the coordinator holds after decryption: released counts, and per total the sum over its withheld cells. */
function decrypted(truth: { children: number; count: number }[]): { leaves: MarginLeaf[]; sums: (number | null)[] } {
  const leaves = grid.map((coordinates, i) => ({
    coordinates,
    count: truth[i].children < K ? null : truth[i].count,
    children: truth[i].children,
  }));
  const sums = groups.map((group) => {
    if (group.cells.reduce((s, c) => s + truth[c].children, 0) < K) return null;
    return group.cells.filter((c) => truth[c].children < K).reduce((s, c) => s + truth[c].count, 0);
  });
  return { leaves, sums };
}

describe("a combination's release with its margins (issue 15)", () => {
  it("derives the margins from the same dimensions as every other release's totals", () => {
    expect(marginDimensions(catalog, spec.groupBy)).toEqual(releaseDimensions(catalog, spec.groupBy));
  });

  it.each([
    ['sparse: most cells withheld', 7, 8],
    ['denser: some cells withheld', 11, 25],
  ])(
    'publishes true margins and cells of at least k, and no withheld cell can be narrowed by the attacker (%s)',
    async (_, seed, mean) => {
      const truth = truthOf(seed, mean);
      const { leaves, sums } = decrypted(truth);
      const withheldLeaves = leaves.filter((l) => l.count === null).length;
      expect(withheldLeaves).toBeGreaterThan(20);
      const { table, remembered } = await protectCombinationMargins(catalog, spec, leaves, sums, K, {
        earlier: [],
        contributedBy: ['gemeente'],
      });
      const real = crossTable(
        releaseDimensions(catalog, spec.groupBy),
        grid.map((coordinates, i) => ({ coordinates, value: truth[i].count, contributors: truth[i].count })),
      );
      expect(table.cells.map((c) => coordinatesKey(c.coordinates))).toEqual(
        real.cells.map((c) => coordinatesKey(c.coordinates)),
      );
      table.cells.forEach((cell, i) => {
        if (cell.suppressed) return expect(cell.value).toBeNull();
        expect(cell.value).toBe(real.cells[i].value);
        expect(cell.value!).toBeGreaterThanOrEqual(K);
      });
      const totals = table.cells.filter((c) =>
        Object.values(c.coordinates).some((v) => v === 'Totaal' || String(v).startsWith('GM')),
      );
      expect(totals.filter((c) => !c.suppressed).length).toBeGreaterThan(3);
      const isRegion = (c: { coordinates: Record<string, string | number> }) =>
        c.coordinates.wijk === 'Totaal' && c.coordinates.age_band === 'Totaal';
      expect(table.cells.find(isRegion)).toMatchObject({ suppressed: false, value: real.cells.find(isRegion)!.value });
      // The attacker's LPs over the true table: published cells as constants, every hidden one a non-negative unknown.
      const hidden = table.cells.flatMap((c, i) => (c.suppressed ? [i] : []));
      const withheld = table.cells.flatMap((c, i) => (c.rule === 'withheld' ? [i] : []));
      expect(withheld.length).toBeGreaterThanOrEqual(withheldLeaves);
      for (const interval of await attackerIntervals(real, hidden, withheld)) {
        expect(interval.lower).toBeLessThanOrEqual(1e-6);
        // All of 0..k − 1 (what `withheld` itself says): libs/disclosure's withheld-caps.spec.ts has the attacker who knows that.
        expect(interval.upper).toBeGreaterThanOrEqual(K - 1 - 1e-6);
      }
      const primary = table.cells.flatMap((c, i) => (c.rule === 'primary-frequency' ? [i] : []));
      expect(
        (await checkProtection(real, hidden, protectionRequirements(real, primary, protectionPolicy(K)))).failures,
      ).toEqual([]);
      // The ledger remembers known counts only: no withheld cell, no total of fewer than k children.
      expect(remembered).toHaveLength(table.cells.length - withheld.length);
    },
    300_000,
  );

  it('refuses margins that no withheld counts can add up to, with the reason', async () => {
    const { leaves, sums } = decrypted(truthOf(7, 8));
    const region = groups.findIndex((g) => g.coordinates.wijk === 'Totaal' && g.coordinates.age_band === 'Totaal');
    const lying = sums.map((s, j) => (j === region ? s! + 1_000_000 : s));
    await expect(
      protectCombinationMargins(catalog, spec, leaves, lying, K, { earlier: [], contributedBy: ['gemeente'] }),
    ).rejects.toThrow(Refusal);
    await expect(
      protectCombinationMargins(catalog, spec, leaves, lying, K, { earlier: [], contributedBy: ['gemeente'] }),
    ).rejects.toThrow(/does not add up: the margins contradict/);
  }, 120_000);
});
