import fc from 'fast-check';
import { coordinatesKey, wilsonInterval } from '@bfa/disclosure';
import { Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { protectRateRelease } from './rate-release';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const WIJKEN = ['WK085500', 'WK085501', 'WK085502', 'WK078501', 'WK078502', 'WK078503'];
const catalog = {
  dimensions: { wijk: { label: 'Wijk', values: WIJKEN } },
  datasets: {
    care: {
      label: 'Jeugdhulp',
      holders: ['sterkhuis'],
      table: 'care',
      dimensions: ['wijk'],
      maxRecordsPerHolder: 9999,
      fields: {},
    },
    children: {
      label: 'Kinderen',
      holders: ['gemeente'],
      table: 'children',
      dimensions: ['wijk'],
      maxRecordsPerHolder: 9999,
      population: true,
      fields: {},
    },
  },
} as unknown as Catalog;
const spec: QuerySpec = {
  ...DEMO_GROUNDS,
  dataset: 'care',
  measure: { kind: 'rate', per: 1000, denominator: { dataset: 'children' } },
  groupBy: ['wijk'],
  purpose: 'a purpose of twenty characters',
};
const K = 5;
const ledger = { earlier: [], earlierDenominators: [], contributedBy: ['sterkhuis', 'gemeente'] };
const leaves = (counts: number[]) =>
  counts.map((n, i) => ({ coordinates: { wijk: WIJKEN[i] }, value: n, contributors: n }));

/** A cell's count: a wijk's, a gemeente's or the region's. */
const countOf = (counts: number[], code: string) =>
  counts.reduce(
    (s, n, i) => s + (code === 'Totaal' || WIJKEN[i] === code || `GM${WIJKEN[i].slice(2, 6)}` === code ? n : 0),
    0,
  );

const parts = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 60 })), { minLength: 6, maxLength: 6 })
  .map((cells) => ({
    denominators: cells.map(([children]) => children),
    numerators: cells.map(([children, care]) => Math.min(children, care)),
  }));

describe('a rate release', () => {
  it('publishes a rate and Wilson interval per 1,000 only where numerator and denominator are both released, as computed from the counts', async () => {
    await fc.assert(
      fc.asyncProperty(parts, async ({ numerators, denominators }) => {
        const release = await protectRateRelease(catalog, spec, leaves(numerators), denominators, K, ledger);
        for (const [i, cell] of release.estimates.cells.entries()) {
          const code = String(cell.coordinates.wijk);
          expect(cell.suppressed).toBe(release.table.cells[i].suppressed);
          if (cell.suppressed) continue;
          const [x, n] = [countOf(numerators, code), countOf(denominators, code)];
          expect({ numerator: cell.numerator, count: cell.count }).toEqual({ numerator: x, count: n });
          expect(release.table.cells[i].value).toBe(x);
          for (const c of [x, n]) expect(c === 0 || c >= K).toBe(true);
          if (n === 0) continue;
          expect(cell.estimate).toBeCloseTo((1000 * x) / n, 9);
          const [lower, upper] = wilsonInterval(x, n);
          expect(cell.interval).toEqual([1000 * lower, 1000 * upper]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('hides a wijk whose denominator is small though its numerator is not, with a complement, and says which method', async () => {
    const denominators = [300, 3, 200, 150, 120, 90];
    const numerators = [30, 0, 20, 15, 12, 9];
    const release = await protectRateRelease(
      catalog,
      { ...spec, measure: { ...spec.measure, interval: 'exact' } },
      leaves(numerators),
      denominators,
      K,
      ledger,
    );
    const hidden = release.estimates.cells.filter((c) => c.suppressed).map((c) => String(c.coordinates.wijk));
    expect(hidden).toContain('WK085501');
    expect(hidden.filter((w) => w.startsWith('WK0855')).length >= 2 || hidden.includes('GM0855')).toBe(true);
    expect(
      release.table.cells.find((c) => coordinatesKey(c.coordinates) === coordinatesKey({ wijk: 'WK085501' }))!
        .suppressed,
    ).toBe(true);
    expect(release.estimates.method).toMatch(/per 1000.*Clopper–Pearson/);
  });

  it('gives a rate without an interval where the numerator exceeds the denominator (records, not children)', async () => {
    const release = await protectRateRelease(
      catalog,
      spec,
      leaves([60, 50, 50, 50, 50, 50]),
      [40, 100, 100, 100, 100, 100],
      K,
      ledger,
    );
    const first = release.estimates.cells.find((c) => c.coordinates.wijk === 'WK085500')!;
    expect(first).toMatchObject({ suppressed: false, numerator: 60, count: 40, estimate: 1500 });
    expect(first.interval).toBeUndefined();
  });
});
