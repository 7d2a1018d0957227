import fc from 'fast-check';
import { smallestBound, smallestValues } from './spread-rule';
import { catalog, groups, P, Read, release, spec } from './testing/spread-fixture';

/** The attacker's lower bound stays below (1 − p) of the smallest value, or the smallest value is 0 (nothing below it). */
const unpinned = ({ spread, values }: { spread: Read; values: number[] }) => {
  const smallest = Math.min(...values);
  return smallest === 0 || smallestBound(spread) <= (1 - P) * smallest + 1e-6 * Math.max(1, smallest);
};

const varied = (n: number, from: number, step: number) => Array.from({ length: n }, (_, i) => from + step * i);

describe('the SD a mean publishes, and the smallest value (mean − SD·√(n − 1))', () => {
  it('bounds the smallest value from below as Samuelson says: never above it, and on it when the others are alike', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 366 }), { minLength: 1, maxLength: 60 }), (values) => {
        const spread = {
          count: values.length,
          sum: values.reduce((s, v) => s + v, 0),
          squares: values.reduce((s, v) => s + v * v, 0),
        };
        expect(smallestBound(spread)).toBeLessThanOrEqual(Math.min(...values) + 1e-6);
      }),
    );
    expect(smallestBound({ count: 10, sum: 10 + 9 * 100, squares: 100 + 9 * 100 ** 2 })).toBeCloseTo(10, 9);
  });

  it('hides a cell whose SD gives away its one short stay, though dominance and p% on the sum pass', async () => {
    // One stay of 10 days among nine of 100: the largest is not pinned (its bound is 172), the smallest is, exactly.
    const records = [
      [10, ...Array(9).fill(100)],
      varied(30, 50, 1),
      varied(40, 20, 1),
      varied(25, 10, 1),
      varied(35, 5, 1),
      varied(20, 1, 1),
    ];
    const { estimates, table } = await release(records, true);
    expect(estimates.cells.find((c) => c.coordinates.wijk === 'WK085500')!.suppressed).toBe(true);
    expect(table.cells.find((c) => c.coordinates.wijk === 'WK085500')!.rule).toBe('p-percent');
    for (const group of groups(records, estimates.cells)) expect(unpinned(group)).toBe(true);
  });

  it('keeps every published cell and every total minus its published parts from bounding the smallest value within p% (random wards, low outliers planted)', async () => {
    const ward = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 366 }), { maxLength: 30 }),
      fc
        .tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 4, max: 30 }), fc.integer({ min: 100, max: 366 }))
        .map(([outlier, n, v]) => [outlier, ...Array(n).fill(v)]),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(ward, { minLength: 6, maxLength: 6 }), async (records) => {
        const { estimates } = await release(records, true);
        for (const group of groups(records, estimates.cells)) expect(unpinned(group)).toBe(true);
      }),
      { numRuns: 40, seed: 20261201 },
    );
  }, 120_000);

  it("bounds the smallest value from the holders' shortfalls: exactly with one holder, from below with several", () => {
    // days: max 366. Sterk Huis's smallest stay in a cell is 100 (shortfall 266), another holder's 200 (166).
    expect(smallestValues(catalog, spec, [266n, 0n])).toEqual([100, 366]);
    expect(smallestValues(catalog, spec, [266n + 166n])).toEqual([0]);
  });
});
