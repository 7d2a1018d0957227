import fc from 'fast-check';
import { QuerySpec } from '@bfa/protocol';
import { protectMeanRelease } from './mean-release';
import { largestBound } from './spread-rule';
import { catalog, groups, K, leavesOf, minus, P, readSpread, release, spec } from './testing/spread-fixture';

const sd = (values: number[]) => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
};
const largestOf = (found: ReturnType<typeof groups>) =>
  found.map(({ spread, values }) => ({ spread, largest: Math.max(...values) }));

/** The five wijken after the first: varied stays, none standing out. */
const OTHER_WARDS = [
  Array(30)
    .fill(50)
    .map((v, i) => v + i),
  Array(40)
    .fill(20)
    .map((v, i) => v + (i % 7)),
  Array(25)
    .fill(10)
    .map((v, i) => v + i),
  Array(35)
    .fill(5)
    .map((v, i) => v + (i % 5)),
  Array(20)
    .fill(1)
    .map((v, i) => v + i),
];

describe('the sum of squares a mean publishes with its SD', () => {
  it('bounds the largest value as Samuelson says: never below it, and on it when the others are alike', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 366 }), { minLength: 1, maxLength: 60 }), (values) => {
        const spread = {
          count: values.length,
          sum: values.reduce((s, v) => s + v, 0),
          squares: values.reduce((s, v) => s + v * v, 0),
        };
        expect(largestBound(spread)).toBeGreaterThanOrEqual(Math.max(...values) - 1e-6);
      }),
    );
    expect(largestBound({ count: 12, sum: 300 + 11 * 10, squares: 300 ** 2 + 11 * 100 })).toBeCloseTo(300, 9);
    // Two records: count, mean and SD give both values.
    const two = { count: 2, sum: 17 + 240, squares: 17 ** 2 + 240 ** 2 };
    expect([two.sum - largestBound(two), largestBound(two)].map((v) => Math.round(v))).toEqual([17, 240]);
  });

  it('hides a cell whose SD gives away its one long stay, though dominance and p% on the sum pass', async () => {
    // 300 days among 11 stays of 10: the two largest are 76% of the sum (under 90%), the rest 100 ≥ 10% of 300.
    const records = [[300, ...Array(11).fill(10)], ...OTHER_WARDS];
    const { estimates, table } = await release(records);
    const cell = estimates.cells.find((c) => c.coordinates.wijk === 'WK085500')!;
    expect(cell.suppressed).toBe(true);
    expect(table.cells.find((c) => c.coordinates.wijk === 'WK085500')!.rule).toBe('p-percent');
    for (const { spread, largest } of largestOf(groups(records, estimates.cells)))
      expect(largestBound(spread)).toBeGreaterThanOrEqual((1 + P) * largest - 1e-6);
  });

  it('keeps every published cell and every total minus its published parts from bounding the largest value within p% (random wards, outliers planted)', async () => {
    const ward = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 366 }), { maxLength: 30 }),
      fc
        .tuple(fc.integer({ min: 100, max: 366 }), fc.integer({ min: 4, max: 30 }), fc.integer({ min: 0, max: 20 }))
        .map(([outlier, n, v]) => [outlier, ...Array(n).fill(v)]),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(ward, { minLength: 6, maxLength: 6 }), async (records) => {
        const { estimates } = await release(records);
        for (const { spread, largest } of largestOf(groups(records, estimates.cells)))
          expect(largestBound(spread)).toBeGreaterThanOrEqual((1 + P) * largest - 1e-6 * largest);
      }),
      { numRuns: 40 },
    );
  });

  it('does not let two mean releases whose populations differ by a large group give its one long stay away', async () => {
    // WK085500: 30 varied stays at home, and 12 placed children: one of 300 days, eleven of 10.
    const atHome = [
      Array(30)
        .fill(0)
        .map((_, i) => 20 + 3 * i),
      ...OTHER_WARDS,
    ];
    const placed = [300, ...Array(11).fill(10)];
    const all = atHome.map((values, i) => (i === 0 ? [...values, ...placed] : values));
    const first = await release(all);
    const later: QuerySpec = { ...spec, filters: [{ field: 'placed', op: 'eq', value: false }] };
    const second = await protectMeanRelease(catalog, later, leavesOf(atHome), K, {
      earlier: [{ id: 'm1', spec, cells: first.remembered }],
      contributedBy: ['sterkhuis'],
    });
    const shown = (cells: typeof first.estimates.cells) =>
      new Map(cells.filter((c) => !c.suppressed && c.count).map((c) => [String(c.coordinates.wijk), readSpread(c)]));
    const [before, after] = [shown(first.estimates.cells), shown(second.estimates.cells)];
    expect(before.get('WK085500')?.count).toBe(42);
    expect(
      largestBound(
        minus(
          readSpread(first.estimates.cells.find((c) => c.coordinates.wijk === 'WK085500')!),
          readSpread({
            count: 30,
            estimate: atHome[0].reduce((s, v) => s + v, 0) / 30,
            standardDeviation: sd(atHome[0]),
          }),
        ),
      ),
    ).toBeCloseTo(300, 6);
    for (const [wijk, spread] of after) {
      const difference = before.has(wijk) ? minus(before.get(wijk)!, spread) : null;
      if (!difference || difference.count === 0) continue;
      // Only Tilburg's first wijk, Tilburg and the region hold placed children: the difference is always them.
      expect(largestBound(difference)).toBeGreaterThanOrEqual((1 + P) * Math.max(...placed) - 1e-6);
    }
    expect(second.table.protection.rules.find((r) => r.rule === 'differencing')?.cells).toBeGreaterThan(0);
  });

  it('does not let two mean releases whose populations differ by 2 records in a wijk give both their values', async () => {
    const days = [
      [
        ...Array(28)
          .fill(0)
          .map((_, i) => 10 + i),
        17,
        41,
      ],
      ...OTHER_WARDS,
    ];
    const atHome = days.map((values, i) => (i === 0 ? values.slice(0, -2) : values));
    const first = await release(days);
    const later: QuerySpec = { ...spec, filters: [{ field: 'placed', op: 'eq', value: false }] };
    const earlier = [
      { id: 'm1', spec, cells: first.remembered },
      {
        id: 'm1/counts',
        spec: { ...spec, measure: { kind: 'count' as const } },
        cells: first.remembered.map((c) => ({ ...c, value: c.contributors })),
      },
    ];
    const second = await protectMeanRelease(catalog, later, leavesOf(atHome), K, {
      earlier,
      contributedBy: ['sterkhuis'],
    });
    const shown = (cells: typeof first.estimates.cells) =>
      new Map(cells.filter((c) => !c.suppressed && c.count).map((c) => [String(c.coordinates.wijk), readSpread(c)]));
    const [before, after] = [shown(first.estimates.cells), shown(second.estimates.cells)];
    expect(before.get('WK085500')?.count).toBe(30);
    expect(after.has('WK085500')).toBe(false);
    for (const [wijk, spread] of after) {
      if (!before.has(wijk)) continue;
      const difference = minus(before.get(wijk)!, spread);
      expect(difference.count === 0 || difference.count >= K).toBe(true);
    }
  });
});
