import { DataSource } from 'typeorm';
import { Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { aggregateSql, runLocalQuery } from './local-query';
import { runRateQuery } from './rate-query';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const catalog = {
  dimensions: {
    wijk: { label: 'w', values: ['WK01', 'WK02'] },
    age_band: { label: 'a', values: ['0-3', '4-11'] },
    year: { label: 'y', values: [2023, 2024] },
  },
  datasets: {
    care: {
      label: 'c',
      holders: ['x'],
      table: 'care',
      dimensions: ['wijk', 'age_band', 'year'],
      fields: {
        days: { type: 'integer', label: 'd', summable: true, min: 0, max: 366 },
        placed: { type: 'boolean', label: 'p' },
      },
    },
  },
} as unknown as Catalog;

const spec = (change: Partial<QuerySpec>): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'care',
  measure: { kind: 'count' },
  groupBy: ['wijk', 'age_band'],
  purpose: 'p',
  ...change,
});

describe('local query execution', () => {
  let records: DataSource;

  beforeAll(async () => {
    records = await new DataSource({ type: 'sqlite', database: ':memory:' }).initialize();
    await records.query(
      'CREATE TABLE care (wijk varchar, age_band varchar, year integer, days integer, placed boolean)',
    );
    const rows: [string, string, number, number, number][] = [
      ['WK01', '0-3', 2024, 10, 1],
      ['WK01', '0-3', 2024, 20, 0],
      ['WK01', '4-11', 2023, 5, 1],
      ['WK02', '4-11', 2024, 7, 1],
      ['WK99', '0-3', 2024, 99, 1],
    ];
    for (const row of rows) await records.query('INSERT INTO care VALUES (?, ?, ?, ?, ?)', row);
  });
  afterAll(() => records.destroy());

  it('lays counts on the fixed grid, zeros included, ignoring codes outside the grid', async () => {
    expect(await runLocalQuery(records, catalog, spec({}))).toEqual({ contributors: [2n, 1n, 0n, 1n] });
  });

  it('sums a field with filters bound as parameters', async () => {
    const cells = await runLocalQuery(
      records,
      catalog,
      spec({
        measure: { kind: 'sum', field: 'days' },
        filters: [
          { field: 'year', op: 'eq', value: 2024 },
          { field: 'placed', op: 'eq', value: true },
        ],
      }),
    );
    expect(cells).toEqual({
      contributors: [1n, 0n, 0n, 1n],
      magnitudes: { sums: [10n, 0n, 0n, 7n], largest: [10n, 0n, 0n, 7n], secondLargest: [0n, 0n, 0n, 0n] },
    });
  });

  it('gives the largest and second-largest value per cell, for the dominance and p% rules', async () => {
    const cells = await runLocalQuery(
      records,
      catalog,
      spec({ measure: { kind: 'sum', field: 'days' }, filters: [{ field: 'year', op: 'eq', value: 2024 }] }),
    );
    expect(cells.magnitudes).toEqual({
      sums: [30n, 0n, 0n, 7n],
      largest: [20n, 0n, 0n, 7n],
      secondLargest: [10n, 0n, 0n, 0n],
    });
  });

  it('adds the sum of squares and the smallest value’s shortfall per cell for a mean, beside the sum and the two largest values', async () => {
    const cells = await runLocalQuery(
      records,
      catalog,
      spec({ measure: { kind: 'mean', field: 'days' }, filters: [{ field: 'year', op: 'eq', value: 2024 }] }),
    );
    expect(cells).toEqual({
      contributors: [2n, 0n, 0n, 1n],
      magnitudes: {
        sums: [30n, 0n, 0n, 7n],
        largest: [20n, 0n, 0n, 7n],
        secondLargest: [10n, 0n, 0n, 0n],
        squares: [500n, 0n, 0n, 49n],
        // 366 (the field's max) minus the smallest value, 0 without records.
        shortfall: [356n, 0n, 0n, 359n],
      },
    });
  });

  it('lays a rate’s numerator and denominator end to end, zeros for the part another partner holds', async () => {
    const both = {
      ...catalog,
      datasets: { ...catalog.datasets, kids: { ...catalog.datasets.care, holders: ['y'], population: true } },
    } as Catalog;
    const rate = spec({
      measure: { kind: 'rate', per: 1000, denominator: { dataset: 'kids' } },
      filters: [{ field: 'placed', op: 'eq', value: true }],
    });
    expect(await runRateQuery(records, both, rate, 'x')).toEqual({ contributors: [1n, 1n, 0n, 1n, 0n, 0n, 0n, 0n] });
    // The population is another table at the other holder; here the same rows stand in for it, without the numerator's filter.
    expect(
      await runRateQuery(
        records,
        { ...both, datasets: { ...both.datasets, kids: { ...both.datasets.kids, table: 'care' } } },
        rate,
        'y',
      ),
    ).toEqual({ contributors: [0n, 0n, 0n, 0n, 2n, 1n, 0n, 1n] });
  });

  it('supports in, gte and lte', async () => {
    const cells = await runLocalQuery(
      records,
      catalog,
      spec({
        filters: [
          { field: 'wijk', op: 'in', value: ['WK01'] },
          { field: 'days', op: 'gte', value: 6 },
          { field: 'days', op: 'lte', value: 20 },
        ],
      }),
    );
    expect(cells.contributors).toEqual([2n, 0n, 0n, 0n]);
  });

  it('never puts a value into the SQL text', () => {
    const { sql, params } = aggregateSql(
      catalog,
      spec({ filters: [{ field: 'wijk', op: 'eq', value: "WK01' OR 1=1 --" }] }),
    );
    expect(sql).not.toContain('OR 1=1');
    expect(params).toEqual(["WK01' OR 1=1 --"]);
  });

  it('refuses a column name that is not a plain identifier', () => {
    expect(() => aggregateSql(catalog, spec({ groupBy: ['wijk"; DROP TABLE care; --'] }))).toThrow(/not an identifier/);
  });
});
