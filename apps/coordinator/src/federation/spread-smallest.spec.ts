import fc from 'fast-check';
import { leafBounds } from '@bfa/disclosure';
import { Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { MeanLeaf, protectMeanRelease } from './mean-release';
import { smallestBound, smallestValues } from './spread-rule';
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
      maxRecordsPerHolder: 999,
      fields: {
        days: { type: 'integer', label: 'Dagen', summable: true, min: 0, max: 366 },
        placed: { type: 'boolean', label: 'Uithuis' },
      },
    },
  },
} as unknown as Catalog;
const spec: QuerySpec = {
  ...DEMO_GROUNDS,
  dataset: 'care',
  measure: { kind: 'mean', field: 'days' },
  groupBy: ['wijk'],
  purpose: 'a purpose of twenty characters',
};
const K = 5;
const P = 0.1;

function leavesOf(records: number[][]): MeanLeaf[] {
  return records.map((values, i) => {
    const sorted = [...values].sort((a, b) => b - a);
    return {
      coordinates: { wijk: WIJKEN[i] },
      value: values.reduce((s, v) => s + v, 0),
      contributors: values.length,
      dominance: leafBounds(sorted[0] ?? 0, sorted[1] ?? 0),
      squares: values.reduce((s, v) => s + BigInt(v * v), 0n),
      // One holder: the node's shortfall below the field's max gives the smallest value exactly.
      ...(values.length > 0 ? { smallest: Math.min(...values) } : {}),
    };
  });
}

const GEMEENTEN = [...new Set(WIJKEN.map((w) => `GM${w.slice(2, 6)}`))];
const recordsOf = (records: number[][], wijk: string) =>
  records.flatMap((values, i) =>
    wijk === 'Totaal' || WIJKEN[i] === wijk || `GM${WIJKEN[i].slice(2, 6)}` === wijk ? values : [],
  );
const release = (records: number[][]) =>
  protectMeanRelease(catalog, spec, leavesOf(records), K, { earlier: [], contributedBy: ['sterkhuis'] });

/** What an analyst reads of a published cell: its count, and from its mean and SD, its sum and sum of squares. */
function readSpread(cell: { count?: number; estimate?: number; standardDeviation?: number }) {
  const n = cell.count!;
  return {
    count: n,
    sum: n * cell.estimate!,
    squares: (n - 1) * (cell.standardDeviation ?? 0) ** 2 + n * cell.estimate! ** 2,
  };
}
type Read = ReturnType<typeof readSpread>;
const minus = (a: Read, b: Read): Read => ({
  count: a.count - b.count,
  sum: a.sum - b.sum,
  squares: a.squares - b.squares,
});

/** The analyst's groups (published cells, published totals minus their published parts) with the smallest value each holds. */
function groups(
  records: number[][],
  cells: {
    coordinates: Record<string, string | number>;
    suppressed: boolean;
    count?: number;
    estimate?: number;
    standardDeviation?: number;
  }[],
) {
  const shown = new Map(
    cells.filter((c) => !c.suppressed && c.count).map((c) => [String(c.coordinates.wijk), readSpread(c)]),
  );
  const own = [...shown].map(([wijk, spread]) => ({ spread, smallest: Math.min(...recordsOf(records, wijk)) }));
  const partsOf = (total: string) =>
    total === 'Totaal' ? GEMEENTEN : WIJKEN.filter((w) => `GM${w.slice(2, 6)}` === total);
  const derived = ['Totaal', ...GEMEENTEN].flatMap((total) => {
    if (!shown.has(total)) return [];
    const hidden = partsOf(total).filter((part) => !shown.has(part));
    const rest = partsOf(total)
      .filter((part) => shown.has(part))
      .reduce((spread, part) => minus(spread, shown.get(part)!), shown.get(total)!);
    const values = hidden.flatMap((part) => recordsOf(records, part));
    return rest.count > 0 && values.length > 0 ? [{ spread: rest, smallest: Math.min(...values) }] : [];
  });
  return [...own, ...derived];
}

/** The attacker's lower bound stays below (1 − p) of the smallest value, or the smallest value is 0 (nothing below it). */
const unpinned = ({ spread, smallest }: { spread: Read; smallest: number }) =>
  smallest === 0 || smallestBound(spread) <= (1 - P) * smallest + 1e-6 * Math.max(1, smallest);

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
    const { estimates, table } = await release(records);
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
        const { estimates } = await release(records);
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
