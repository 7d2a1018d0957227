import { BoxFilter, FieldDomain } from './atoms';
import { auditLedger, LedgerCell, LedgerRelease } from './release-ledger';

const domains: Record<string, FieldDomain> = {
  year: { values: [2023, 2024] },
  wijk: { values: ['W1', 'W2', 'W3'] },
  age_band: { values: ['a', 'b'] },
  out_of_home: { values: [true, false] },
  factors: { values: [0, 1, 2] },
};
const options = { minCellSize: 10, intervalPercent: 20 };

/** A cell over a wijk ('*': all of them) and optionally an age band, under the release's filters. */
function cell(
  filters: BoxFilter[],
  wijk: string,
  count: number,
  published: boolean,
  extra: { age?: string; sum?: number } = {},
): LedgerCell {
  const grid = { ...(wijk === '*' ? {} : { wijk: [wijk] }), ...(extra.age ? { age_band: [extra.age] } : {}) };
  return { box: { filters, grid }, contributors: count, value: extra.sum ?? count, published };
}
const release = (id: string, cells: LedgerCell[], measure = 'count'): LedgerRelease => ({ id, measure, cells });
const YEAR_EQ: BoxFilter[] = [{ field: 'year', op: 'eq', value: 2024 }];
const YEAR_GTE_AT_HOME: BoxFilter[] = [
  { field: 'year', op: 'gte', value: 2024 },
  { field: 'out_of_home', op: 'eq', value: false },
];

describe('the release ledger, audited as one linked system', () => {
  it('catches the same population written with another operator (year gte 2024 against year eq 2024, one filter more)', async () => {
    const earlier = release('r1', [
      cell(YEAR_EQ, 'W1', 30, true),
      cell(YEAR_EQ, 'W2', 40, true),
      cell(YEAR_EQ, 'W3', 45, true),
      cell(YEAR_EQ, '*', 115, true),
    ]);
    const candidate = release('r2', [
      cell(YEAR_GTE_AT_HOME, 'W1', 27, true),
      cell(YEAR_GTE_AT_HOME, 'W2', 40, true),
      cell(YEAR_GTE_AT_HOME, 'W3', 20, true),
      cell(YEAR_GTE_AT_HOME, '*', 87, true),
    ]);
    const audit = await auditLedger(domains, [earlier], candidate, options);
    // W1: 3 children out of home, W2: none (a zero is a small group too); W3's 25 are not small. Each new cell that gives one away is named (the total too: it holds W1's children at home).
    const flagged = new Set(audit.failures.flatMap((f) => f.cells));
    expect(flagged).toEqual(new Set([0, 1, 3]));
    expect(audit.overlapping).toEqual(['r1']);
  });

  it('catches a coarser grid: [wijk] against the wijk rows of [wijk, age_band]', async () => {
    // W1 × a holds 3 (hidden), W1's total hidden as its complement; the new [wijk] table publishes W1 = 23.
    const fine = release('r1', [
      cell(YEAR_EQ, 'W1', 3, false, { age: 'a' }),
      cell(YEAR_EQ, 'W1', 20, true, { age: 'b' }),
      cell(YEAR_EQ, 'W1', 23, false),
      cell(YEAR_EQ, 'W2', 50, true),
    ]);
    const coarse = release('r2', [cell(YEAR_EQ, 'W1', 23, true), cell(YEAR_EQ, 'W2', 50, true)]);
    const audit = await auditLedger(domains, [fine], coarse, options);
    expect(new Set(audit.failures.flatMap((f) => f.cells))).toEqual(new Set([0]));
    expect(audit.failures[0].reason).toBe('someone bound a group of fewer than 10 to at most 3');
    const hidden = { ...coarse, cells: [{ ...coarse.cells[0], published: false }, coarse.cells[1]] };
    expect((await auditLedger(domains, [fine], hidden, options)).failures).toEqual([]);
  });

  it('catches the same trick on a sum: the care days of 3 children from a wijk total against its age bands', async () => {
    const fine = release(
      'r1',
      [
        cell(YEAR_EQ, 'W1', 3, false, { age: 'a', sum: 40 }),
        cell(YEAR_EQ, 'W1', 20, true, { age: 'b', sum: 400 }),
        cell(YEAR_EQ, 'W1', 23, false, { sum: 440 }),
      ],
      'days',
    );
    const coarse = release('r2', [cell(YEAR_EQ, 'W1', 23, true, { sum: 440 })], 'days');
    const audit = await auditLedger(domains, [fine], coarse, options);
    expect(new Set(audit.failures.flatMap((f) => f.cells))).toEqual(new Set([0]));
    // A sum over a group of 23 is not small, however exactly it is known.
    const big = release(
      'r1',
      [
        cell(YEAR_EQ, 'W1', 13, false, { age: 'a', sum: 140 }),
        cell(YEAR_EQ, 'W1', 20, true, { age: 'b', sum: 400 }),
        cell(YEAR_EQ, 'W1', 33, false, { sum: 540 }),
      ],
      'days',
    );
    expect(
      (await auditLedger(domains, [big], release('r2', [cell(YEAR_EQ, 'W1', 33, true, { sum: 540 })], 'days'), options))
        .failures,
    ).toEqual([]);
  });

  it('catches a sum pinned over a union of small groups, even when each group alone keeps its interval', async () => {
    const days = (filters: BoxFilter[], wijk: string, count: number, sum: number, published: boolean) =>
      cell(filters, wijk, count, published, { sum });
    const all = release(
      'r1',
      [days(YEAR_EQ, 'W1', 30, 3000, true), days(YEAR_EQ, 'W2', 40, 4000, true), days(YEAR_EQ, '*', 70, 7000, true)],
      'days',
    );
    // Only the region's total of children at home: the 5 children out of home in W1 and W2 have 500 days between them.
    const atHome = release(
      'r2',
      [
        days(YEAR_GTE_AT_HOME, 'W1', 27, 2700, false),
        days(YEAR_GTE_AT_HOME, 'W2', 38, 3800, false),
        days(YEAR_GTE_AT_HOME, '*', 65, 6500, true),
      ],
      'days',
    );
    const audit = await auditLedger(domains, [all], atHome, options);
    expect(new Set(audit.failures.flatMap((f) => f.cells))).toEqual(new Set([2]));
  });

  it('catches two combination releases: at least 1 of 2 factors against all 2', async () => {
    const atLeast = (m: number): BoxFilter[] => [...YEAR_EQ, { field: 'factors', op: 'gte', value: m }];
    const one = release('c1', [cell(atLeast(1), 'W1', 14, true), cell(atLeast(1), 'W2', 30, true)]);
    const both = release('c2', [cell(atLeast(2), 'W1', 12, true), cell(atLeast(2), 'W2', 11, true)]);
    const audit = await auditLedger(domains, [one], both, options);
    // W1: 2 children with exactly one factor; W2: 19, not small.
    expect(new Set(audit.failures.flatMap((f) => f.cells))).toEqual(new Set([0]));
  });

  it('sees a cell that is a union of boxes: a pattern table against "at least 1 of 2" over the same children', async () => {
    const f = (first: boolean, second: boolean): BoxFilter[] => [
      ...YEAR_EQ,
      { field: 'f1', op: 'eq', value: first },
      { field: 'f2', op: 'eq', value: second },
    ];
    const pattern = (first: boolean, second: boolean, count: number, published: boolean): LedgerCell => ({
      box: { filters: f(first, second), grid: { wijk: ['W1'] } },
      contributors: count,
      value: count,
      published,
    });
    const patterns = release('p1', [
      pattern(true, false, 30, true),
      pattern(false, true, 40, true),
      pattern(true, true, 4, false),
      pattern(false, false, 50, false),
    ]);
    const union = (published: boolean): LedgerCell => {
      const [box, ...rest] = [f(true, false), f(false, true), f(true, true)].map((filters) => ({
        filters,
        grid: { wijk: ['W1'] },
      }));
      return { box, union: rest, contributors: 74, value: 74, published };
    };
    const withFactors = { ...domains, f1: { values: [true, false] }, f2: { values: [true, false] } };
    const audit = await auditLedger(withFactors, [patterns], release('c1', [union(true)]), options);
    // 74 − 30 − 40: the 4 children with both factors.
    expect(audit.failures.length).toBeGreaterThan(0);
    expect(new Set(audit.failures.flatMap((failure) => failure.cells))).toEqual(new Set([0]));
    expect((await auditLedger(withFactors, [patterns], release('c1', [union(false)]), options)).failures).toEqual([]);
  });

  it('does not flag releases over other records, nor ones whose differences are large', async () => {
    const of2023 = release('r1', [cell([{ field: 'year', op: 'eq', value: 2023 }], 'W1', 12, true)]);
    const of2024 = release('r2', [cell([{ field: 'year', op: 'gte', value: 2024 }], 'W1', 15, true)]);
    expect(await auditLedger(domains, [of2023], of2024, options)).toEqual({ failures: [], overlapping: [] });
    const all = release('r3', [cell([], 'W1', 27, true)]);
    const audit = await auditLedger(domains, [of2023], all, options);
    expect(audit).toEqual({ failures: [], overlapping: ['r1'] });
  });

  it('knows a rounded release only within base − 1', async () => {
    const rounded: LedgerRelease = {
      ...release('r1', [{ ...cell(YEAR_EQ, 'W1', 33, true), shown: 35 }]),
      roundingBase: 10,
    };
    const narrower = release('r2', [cell(YEAR_GTE_AT_HOME, 'W1', 30, true)]);
    // Exactly known, 33 − 30 pins 3 children; rounded to 35 (±9) it leaves [0, 14].
    expect((await auditLedger(domains, [rounded], narrower, options)).failures).toEqual([]);
    expect(
      (
        await auditLedger(
          domains,
          [{ ...rounded, roundingBase: undefined, cells: [{ ...rounded.cells[0], shown: undefined }] }],
          narrower,
          options,
        )
      ).failures,
    ).toHaveLength(1);
  });
});
