import fc from 'fast-check';
import { attackerIntervals } from './attacker-intervals';
import { coordinatesKey } from './differencing';
import { ProtectionPolicy } from './protection-levels';
import { cellsOfLeaf, crossTable, flatDimension, hierarchyDimension } from './table-builders';
import { linkWithheldTable, protectWithheldTable, WithheldTable } from './withheld-cells';

const K = 5;
const POLICY: ProtectionPolicy = { upper: { absolute: K, fraction: 0.2 }, lower: { absolute: K, fraction: 0.2 } };
/** Two gemeenten of wijken along `area`, three age bands: the shape of a combination's release, small. */
const AREAS = { W11: 'G1', W12: 'G1', W13: 'G1', W21: 'G2', W22: 'G2', G1: 'Totaal', G2: 'Totaal' };
const DIMENSIONS = [hierarchyDimension('area', 'Totaal', AREAS), flatDimension('band', ['a', 'b', 'c'])];
const GRID = ['W11', 'W12', 'W13', 'W21', 'W22'].flatMap((area) => ['a', 'b', 'c'].map((band) => ({ area, band })));

/** Per grid cell its children and how many of them have the factors, as the protocol would find them. */
const cellArb = fc
  .nat({ max: 24 })
  .chain((children) => fc.record({ children: fc.constant(children), count: fc.nat({ max: children }) }));

/** What the coordinator knows: released cells' counts, per total the sum over its withheld cells (if it holds k children). */
function coordinatorView(truth: { children: number; count: number }[]): WithheldTable {
  const leaves = GRID.map((coordinates, i) => ({
    coordinates,
    value: truth[i].children < K ? null : truth[i].count,
    bound: truth[i].children,
  }));
  const totals = new Map<string, { coordinates: Record<string, string>; children: number; withheld: number }>();
  GRID.forEach((leaf, i) => {
    for (const cell of cellsOfLeaf(DIMENSIONS, leaf)) {
      const key = coordinatesKey(cell);
      if (key === coordinatesKey(leaf)) continue;
      const total = totals.get(key) ?? { coordinates: cell, children: 0, withheld: 0 };
      total.children += truth[i].children;
      if (truth[i].children < K) total.withheld += truth[i].count;
      totals.set(key, total);
    }
  });
  return {
    dimensions: DIMENSIONS,
    leaves,
    totals: [...totals.values()].map((t) => ({
      coordinates: t.coordinates,
      withheldSum: t.children < K ? null : t.withheld,
      bound: t.children,
    })),
  };
}

describe('protecting a table whose withheld cells are known only as sums per total (issue 15)', () => {
  it('publishes only true counts of at least k, and leaves every withheld cell an attacker interval of all of 0..k − 1', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cellArb, { minLength: GRID.length, maxLength: GRID.length }), async (truth) => {
        const view = coordinatorView(truth);
        const table = await protectWithheldTable(await linkWithheldTable(view), { minCellSize: K, protection: POLICY });
        // The attacker solves against the true table: published cells are the same, hidden ones are variables.
        const real = crossTable(
          DIMENSIONS,
          GRID.map((coordinates, i) => ({ coordinates, value: truth[i].count, contributors: truth[i].count })),
        );
        const hidden = table.cells.flatMap((cell, i) => (cell.suppressed ? [i] : []));
        table.cells.forEach((cell, i) => {
          expect(coordinatesKey(cell.coordinates)).toBe(coordinatesKey(real.cells[i].coordinates));
          if (!cell.suppressed) expect(cell.value).toBe(real.cells[i].value);
          if (!cell.suppressed) expect(cell.value!).toBeGreaterThanOrEqual(K);
        });
        const withheld = GRID.flatMap((leaf, i) =>
          truth[i].children < K
            ? [real.cells.findIndex((c) => coordinatesKey(c.coordinates) === coordinatesKey(leaf))]
            : [],
        );
        const intervals = await attackerIntervals(real, hidden, withheld);
        intervals.forEach((interval) => {
          expect(table.cells[interval.cell]).toMatchObject({ suppressed: true, rule: 'withheld' });
          expect(interval.lower).toBeLessThanOrEqual(1e-6);
          // All of 0..k − 1, what `withheld` says anyway; withheld-caps.spec.ts checks against the attacker who uses that.
          expect(interval.upper).toBeGreaterThanOrEqual(K - 1 - 1e-6);
        });
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('refuses sums no withheld counts within their bounds can make', async () => {
    const truth = GRID.map((_, i) => ({ children: i === 0 ? 3 : 12, count: 2 }));
    const view = coordinatorView(truth);
    const lying = {
      ...view,
      totals: view.totals.map((t) =>
        t.withheldSum === null ? t : { ...t, withheldSum: t.withheldSum + (t.withheldSum > 0 ? 5 : 0) },
      ),
    };
    await expect(linkWithheldTable(lying)).rejects.toThrow(/contradict the withheld cells/);
  });

  it('hides a total that adds up a single withheld cell with released ones only together with a complement', async () => {
    // One withheld cell of 4 children (count 3) among released cells: its wijk total and the gemeente's band total would give it away.
    const truth = GRID.map((_, i) => (i === 0 ? { children: 4, count: 3 } : { children: 20, count: 12 }));
    const table = await protectWithheldTable(await linkWithheldTable(coordinatorView(truth)), {
      minCellSize: K,
      protection: POLICY,
    });
    expect(table.cells.filter((c) => c.rule === 'withheld')).toHaveLength(1);
    expect(table.cells.filter((c) => c.rule === 'secondary').length).toBeGreaterThanOrEqual(3);
  });
});
