import { attackerIntervals, crossTable } from '@bfa/disclosure';
import { Catalog, queryProblems } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { protectRelease, releaseDimensions } from './release-table';
import { releaseSeries, seriesDimensions, seriesLeaves } from './year-series';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const catalog = {
  dimensions: {
    wijk: { label: 'Wijk', values: ['A', 'B', 'C', 'D'] },
    year: { label: 'Jaar', values: [2022, 2023, 2024] },
  },
  datasets: {
    care: {
      label: 'Jeugdhulp',
      holders: ['sterkhuis'],
      table: 'care',
      dimensions: ['wijk', 'year'],
      maxRecordsPerHolder: 999,
      fields: {},
    },
  },
} as unknown as Catalog;

const spec = (filters: QuerySpec['filters'] = []): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'care',
  measure: { kind: 'count' },
  groupBy: ['wijk', 'year'],
  filters,
  purpose: 'a purpose of twenty characters',
});
const counts: Record<number, number[]> = { 2022: [0, 0, 0, 0], 2023: [4, 30, 45, 50], 2024: [22, 41, 2, 60] };
const leaves = [2022, 2023, 2024].flatMap((year) =>
  counts[year].map((n, w) => ({ coordinates: { wijk: 'ABCD'[w], year }, value: n, contributors: n })),
);
const twoYears = spec([{ field: 'year', op: 'gte', value: 2023 }]);
const noLedger = { earlier: [], contributedBy: ['sterkhuis'] };

describe('a release over several years', () => {
  it('is one table per year the filters let through, with its margins, and the totals across those years', async () => {
    const { table } = await protectRelease(catalog, twoYears, leaves, 10, noLedger);
    expect(releaseSeries(twoYears, table.cells)).toEqual({
      dimension: 'year',
      years: ['2023', '2024'],
      acrossYears: true,
    });
    expect(table.cells).toHaveLength(5 * 3);
    const across = table.cells.find((c) => c.coordinates.wijk === 'Totaal' && c.coordinates.year === 'Totaal');
    expect(across?.value).toBe(254);
    // 2022 is filtered out: its zeros everyone knows of are not in the release, so nothing is hidden to protect them.
    expect(table.cells.some((c) => c.coordinates.year === '2022')).toBe(false);
  });

  it('lets no one derive a hidden cell from the other year or the totals across years: the attacker LP over every released cell', async () => {
    const { table } = await protectRelease(catalog, twoYears, leaves, 10, noLedger);
    const linked = crossTable(
      seriesDimensions(catalog, twoYears, releaseDimensions(catalog, twoYears.groupBy)),
      seriesLeaves(catalog, twoYears, leaves),
    );
    const hidden = table.cells.flatMap((c, i) => (c.suppressed ? [i] : []));
    const primary = table.cells.flatMap((c, i) => (c.rule === 'primary-frequency' ? [i] : []));
    expect(primary.map((i) => [table.cells[i].coordinates.wijk, table.cells[i].coordinates.year])).toEqual([
      ['A', '2023'],
      ['C', '2024'],
    ]);
    for (const interval of await attackerIntervals(linked, hidden, primary)) {
      const value = linked.cells[interval.cell].value;
      expect(interval.lower).toBeLessThanOrEqual(1e-6);
      expect(interval.upper).toBeGreaterThanOrEqual(value + 10 - 1e-6);
    }
  });

  it('holds against an attacker who also has a release pooled over the same years (every total across years known), with the ledger auditing both', async () => {
    const pooled: QuerySpec = { ...twoYears, groupBy: ['wijk'] };
    const sums = [0, 1, 2, 3].map((w) => counts[2023][w] + counts[2024][w]);
    const before = await protectRelease(
      catalog,
      pooled,
      sums.map((n, w) => ({ coordinates: { wijk: 'ABCD'[w] }, value: n, contributors: n })),
      10,
      noLedger,
    );
    expect(before.table.cells.every((c) => !c.suppressed)).toBe(true);
    const { table } = await protectRelease(catalog, twoYears, leaves, 10, {
      earlier: [{ id: 'pooled', spec: pooled, cells: before.remembered }],
      contributedBy: ['sterkhuis'],
    });
    const linked = crossTable(
      seriesDimensions(catalog, twoYears, releaseDimensions(catalog, twoYears.groupBy)),
      seriesLeaves(catalog, twoYears, leaves),
    );
    // The attacker holds both releases: every total across years is published (by the pooled one), whatever the series hid.
    const hidden = table.cells.flatMap((c, i) => (c.suppressed && c.coordinates.year !== 'Totaal' ? [i] : []));
    const primary = table.cells.flatMap((c, i) => (c.rule === 'primary-frequency' ? [i] : []));
    for (const interval of await attackerIntervals(linked, hidden, primary)) {
      const value = linked.cells[interval.cell].value;
      expect(interval.lower).toBeLessThanOrEqual(1e-6);
      expect(interval.upper).toBeGreaterThanOrEqual(value + 10 - 1e-6);
    }
  });

  it('refuses an aggregate with records in a year the query filters out', () => {
    const wrong = leaves.map((l) =>
      l.coordinates.year === 2022 && l.coordinates.wijk === 'B' ? { ...l, value: 3, contributors: 3 } : l,
    );
    expect(() => seriesLeaves(catalog, twoYears, wrong)).toThrow(
      'the aggregate has records in a year the query filters out',
    );
  });

  it('is no series without year in groupBy, and a query whose year filters leave no year is refused at submission', () => {
    expect(releaseSeries({ ...twoYears, groupBy: ['wijk'] }, [])).toBeUndefined();
    expect(queryProblems(catalog, spec([{ field: 'year', op: 'gte', value: 2030 }]))).toEqual([
      `groupBy "year": the filters on year leave none of the catalog's years (2022, 2023, 2024)`,
    ]);
    expect(queryProblems(catalog, spec([{ field: 'year', op: 'in', value: [2022, 2024] }]))).toEqual([]);
  });
});
