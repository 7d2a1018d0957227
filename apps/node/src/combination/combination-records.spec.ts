import { DataSource } from 'typeorm';
import { Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { populationChildren } from './combination-records';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const catalog = {
  dimensions: {
    wijk: { label: 'w', values: ['WK01', 'WK02'] },
    age_band: { label: 'a', values: ['0-3', '4-11'] },
    year: { label: 'y', values: [2023, 2024] },
  },
  datasets: {
    households: {
      label: 'h',
      holders: ['gemeente'],
      table: 'households',
      childKey: 'child_ref',
      dimensions: ['wijk', 'age_band', 'year'],
      fields: { social_assistance: { type: 'boolean', label: 's' } },
    },
  },
} as unknown as Catalog;

const population = (filters: QuerySpec['filters']): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'households',
  measure: { kind: 'count' },
  groupBy: ['wijk', 'age_band'],
  purpose: 'p',
  filters,
});
const YEAR = { field: 'year', op: 'eq' as const, value: 2024 };
const ASSISTED = { field: 'social_assistance', op: 'eq' as const, value: true };

describe("a combination's population as the population holder reads it (issue 12, attack 5)", () => {
  let records: DataSource;

  beforeAll(async () => {
    records = await new DataSource({ type: 'sqlite', database: ':memory:' }).initialize();
    await records.query(
      'CREATE TABLE households (child_ref varchar, wijk varchar, age_band varchar, year integer, social_assistance boolean)',
    );
    const rows: [string, string, string, number, number][] = [
      ['c1', 'WK01', '0-3', 2024, 1],
      ['c2', 'WK01', '4-11', 2024, 0],
      ['c3', 'WK02', '4-11', 2024, 1],
      ['c4', 'WK99', '0-3', 2024, 1],
      ['c5', 'WK02', '0-3', 2023, 1],
    ];
    for (const row of rows) await records.query('INSERT INTO households VALUES (?, ?, ?, ?, ?)', row);
  });
  afterAll(() => records.destroy());

  const read = async (filters: QuerySpec['filters']) =>
    (await populationChildren(records, catalog, population(filters), null)).sort((a, b) =>
      a.childId.localeCompare(b.childId),
    );

  it('sends every child of the year whatever the other filters; only the cells say who is in the population', async () => {
    const everyone = await read([YEAR]);
    const assisted = await read([YEAR, ASSISTED, { field: 'wijk', op: 'in', value: ['WK01'] }]);
    expect(everyone.map((c) => c.childId)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(assisted.map((c) => c.childId)).toEqual(everyone.map((c) => c.childId));
    // Cells in grid order: WK01|0-3, WK01|4-11, WK02|0-3, WK02|4-11. A code outside the grid is in no cell.
    expect(everyone.map((c) => c.cell)).toEqual([0, 1, 3, null]);
    expect(assisted.map((c) => c.cell)).toEqual([0, null, null, null]);
  });

  it('places each child of the population in its arm cell, from the signed arm list (a cohort by arm)', async () => {
    const armed = {
      ...catalog,
      dimensions: { ...catalog.dimensions, arm: { label: 'arm', values: ['intervention', 'comparison'] } },
    } as Catalog;
    armed.datasets = {
      households: { ...catalog.datasets.households, dimensions: ['wijk', 'arm', 'age_band', 'year'] },
    };
    const spec = {
      ...population([YEAR, ASSISTED]),
      groupBy: ['arm', 'age_band'],
      arms: { dimension: 'wijk', label: 'Team op Maat', intervention: ['WK01'] },
    };
    const children = (await populationChildren(records, armed, spec, null)).sort((a, b) =>
      a.childId.localeCompare(b.childId),
    );
    // Cells: intervention|0-3, intervention|4-11, comparison|0-3, comparison|4-11; WK99 is in neither arm.
    expect(children.map((c) => [c.childId, c.cell])).toEqual([
      ['c1', 0],
      ['c2', null],
      ['c3', 3],
      ['c4', null],
    ]);
  });

  it('takes the year however the filters write it, and refuses a population without exactly one year', async () => {
    expect((await read([{ field: 'year', op: 'gte', value: 2024 }, ASSISTED])).map((c) => c.childId)).toEqual([
      'c1',
      'c2',
      'c3',
      'c4',
    ]);
    await expect(read([ASSISTED])).rejects.toThrow(
      new Refusal('a combination covers exactly one year: filter the population on it'),
    );
  });

  it('sends a child with two records in the year once, and refuses one that is in the population twice', async () => {
    await records.query(
      "INSERT INTO households VALUES ('c6', 'WK02', '0-3', 2024, 0), ('c6', 'WK01', '4-11', 2024, 1)",
    );
    expect((await read([YEAR, ASSISTED])).map((c) => [c.childId, c.cell])).toEqual([
      ['c1', 0],
      ['c2', null],
      ['c3', 3],
      ['c4', null],
      ['c6', 1],
    ]);
    expect(
      (await read([YEAR, { field: 'social_assistance', op: 'eq', value: false }])).map((c) => [c.childId, c.cell]),
    ).toEqual([
      ['c1', null],
      ['c2', 1],
      ['c3', null],
      ['c4', null],
      ['c6', 2],
    ]);
    await expect(read([YEAR])).rejects.toThrow(
      new Refusal('the population has 1 children more than once: filter it so that each child has one record'),
    );
  });
});
