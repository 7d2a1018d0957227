import { DataSource } from 'typeorm';
import { Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { runLocalQuery } from './local-query';
import { recordSource } from './record-source';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const catalog = {
  dimensions: {
    school: { label: 's', values: ['11AA', '22BB', '33CC', '44DD'] },
    arm: { label: 'a', values: ['intervention', 'comparison'] },
    year: { label: 'y', values: [2023, 2024] },
  },
  datasets: {
    pupils: {
      label: 'p',
      holders: ['x'],
      table: 'pupils',
      dimensions: ['school', 'arm', 'year'],
      fields: { absence_hours: { type: 'integer', label: 'h', summable: true, min: 0, max: 1000 } },
    },
  },
} as unknown as Catalog;

const spec = (change: Partial<QuerySpec>): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'pupils',
  measure: { kind: 'count' },
  groupBy: ['arm', 'year'],
  purpose: 'p',
  arms: { dimension: 'school', label: 'Team op Maat', intervention: ['11AA', '33CC'] },
  ...change,
});

describe('the derived arm on the node', () => {
  let records: DataSource;
  const rows: [string, number, number][] = [];

  beforeAll(async () => {
    records = await new DataSource({ type: 'sqlite', database: ':memory:' }).initialize();
    await records.query('CREATE TABLE pupils (school varchar, year integer, absence_hours integer)');
    let seed = 7;
    const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let i = 0; i < 300; i++)
      rows.push([['11AA', '22BB', '33CC', '44DD', '99ZZ'][next(5)], [2023, 2024][next(2)], next(60)]);
    for (const row of rows) await records.query('INSERT INTO pupils VALUES (?, ?, ?)', row);
  });
  afterAll(() => records.destroy());

  const direct = (schools: string[], year: number) => rows.filter(([s, y]) => schools.includes(s) && y === year);

  it('counts each arm as the records of its schools, per year, on the fixed grid; a school in neither arm lands nowhere', async () => {
    const cells = await runLocalQuery(records, catalog, spec({}));
    const expected = [
      ['11AA', '33CC'],
      ['22BB', '44DD'],
    ].flatMap((arm) => [2023, 2024].map((year) => BigInt(direct(arm, year).length)));
    expect(cells.contributors).toEqual(expected);
  });

  it('takes the comparison arm the query lists, and sums per arm with filters', async () => {
    const listed = spec({
      measure: { kind: 'sum', field: 'absence_hours' },
      arms: { dimension: 'school', label: 'T', intervention: ['22BB'], comparison: ['44DD'] },
      filters: [{ field: 'absence_hours', op: 'gte', value: 10 }],
    });
    const cells = await runLocalQuery(records, catalog, listed);
    const sum = (schools: string[], year: number) =>
      BigInt(
        direct(schools, year)
          .filter(([, , h]) => h >= 10)
          .reduce((s, [, , h]) => s + h, 0),
      );
    expect(cells.magnitudes!.sums).toEqual([
      sum(['22BB'], 2023),
      sum(['22BB'], 2024),
      sum(['44DD'], 2023),
      sum(['44DD'], 2024),
    ]);
  });

  it('binds only catalog values of the lists, as parameters, never as SQL text', () => {
    const { sql, params } = recordSource(
      catalog,
      spec({ arms: { dimension: 'school', label: 'T', intervention: ['11AA', "22BB' OR 1=1 --"] } }),
    );
    expect(sql).not.toContain('OR 1=1');
    expect(params).toEqual(['11AA', '22BB', '33CC', '44DD']);
  });

  it('reads the table itself without arms', () => {
    expect(recordSource(catalog, spec({ arms: undefined, groupBy: ['school'] }))).toEqual({
      sql: '"pupils"',
      params: [],
    });
  });
});
