import { Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { LedgerBasis } from './release-ledger';
import { protectRelease } from './release-table';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const catalog = {
  dimensions: { wijk: { label: 'Wijk', values: ['A', 'B', 'C', 'D'] }, year: { label: 'Jaar', values: [2023, 2024] } },
  datasets: {
    care: {
      label: 'Jeugdhulp',
      holders: ['sterkhuis'],
      table: 'care',
      dimensions: ['wijk', 'year'],
      maxRecordsPerHolder: 999,
      fields: { placed: { type: 'boolean', label: 'Uithuis' } },
    },
  },
} as unknown as Catalog;

const spec = (filters: QuerySpec['filters']): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'care',
  measure: { kind: 'count' },
  groupBy: ['wijk'],
  filters,
  purpose: 'a purpose of twenty characters',
});
const leaves = (counts: number[]) =>
  counts.map((n, i) => ({ coordinates: { wijk: 'ABCD'[i] }, value: n, contributors: n }));
const ledger = (earlier: LedgerBasis[]) => ({ earlier, contributedBy: ['sterkhuis'] });

describe('a release through the ledger', () => {
  it('hides the cells of year gte 2024 at home that differ from the earlier year eq 2024 by fewer than k', async () => {
    const first = spec([{ field: 'year', op: 'eq', value: 2024 }]);
    const before = await protectRelease(catalog, first, leaves([30, 40, 45, 50]), 10, ledger([]));
    expect(before.table.cells.every((c) => !c.suppressed)).toBe(true);
    const second = spec([
      { field: 'year', op: 'gte', value: 2024 },
      { field: 'placed', op: 'eq', value: false },
    ]);
    const after = await protectRelease(
      catalog,
      second,
      leaves([27, 40, 20, 25]),
      10,
      ledger([{ id: 'q1', spec: first, cells: before.remembered }]),
    );
    const shown = new Map(
      after.table.cells.filter((c) => !c.suppressed).map((c) => [String(c.coordinates.wijk), c.value!]),
    );
    const earlier = new Map(before.table.cells.map((c) => [String(c.coordinates.wijk), c.value!]));
    for (const [wijk, value] of shown) expect(earlier.get(wijk)! - value).toBeGreaterThanOrEqual(10);
    expect(after.table.protection.rules.find((r) => r.rule === 'differencing')?.cells).toBeGreaterThan(0);
    // The total: 165 − 112 would give the 53 placed children, not a small group; A and B (3 and 0) are hidden, and their complement with them.
    expect(shown.has('A') || shown.has('B')).toBe(false);
  });

  it('does not touch a release over other records', async () => {
    const of2023 = spec([{ field: 'year', op: 'eq', value: 2023 }]);
    const before = await protectRelease(catalog, of2023, leaves([30, 40, 45, 50]), 10, ledger([]));
    const after = await protectRelease(
      catalog,
      spec([{ field: 'year', op: 'gte', value: 2024 }]),
      leaves([31, 41, 46, 51]),
      10,
      ledger([{ id: 'q1', spec: of2023, cells: before.remembered }]),
    );
    expect(after.table.cells.every((c) => !c.suppressed)).toBe(true);
  });
});
