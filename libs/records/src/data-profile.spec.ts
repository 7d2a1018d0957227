import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { profileDataset, profileHeldData } from './data-profile';
import { catalog, csv, GEMEENTE_HEADER, importInto, scratch } from './import/testing/import-fixtures';

describe("the profile of a node's own data, for its steward", () => {
  let space: ReturnType<typeof scratch>;
  let store: DataSource;
  beforeEach(() => (space = scratch()));
  afterEach(async () => {
    await store?.destroy();
    rmSync(space.dir, { recursive: true, force: true });
  });
  const open = async () =>
    (store = await new DataSource({ type: 'sqlite', database: join(space.dataDir, 'records.sqlite') }).initialize());

  it("counts records, missing values and each field's distribution, and never shows a child key", async () => {
    const rows = [
      '900000001;2024;WK085501;4-11;J;N;0;0',
      '900000002;2024;WK085501;0-3;N;N;1;100',
      '900000003;2024;WK085502;4-11;N;J;0;1200',
      '900000001;2023;WK085501;4-11;J;N;0;1199',
    ];
    expect(await importInto(space.dataDir, space.write('g.csv', csv([GEMEENTE_HEADER, ...rows])))).toMatchObject({
      outcome: 'imported',
    });
    const profile = await profileDataset(await open(), catalog, 'gemeente', 'children_households');
    expect(profile).toMatchObject({
      dataset: 'children_households',
      records: 4,
      editions: [expect.objectContaining({ org: 'gemeente', years: [2023, 2024] })],
    });
    const field = (name: string) => profile.fields.find((f) => f.field === name);
    expect(field('child_ref')).toEqual({ field: 'child_ref', kind: 'key', records: 4, missing: 0, distinct: 3 });
    expect(field('wijk')).toMatchObject({
      kind: 'dimension',
      missing: 0,
      values: [
        { value: 'WK085501', count: 3 },
        { value: 'WK085502', count: 1 },
      ],
    });
    expect(field('year')).toMatchObject({
      values: [
        { value: '2023', count: 1 },
        { value: '2024', count: 3 },
      ],
    });
    expect(field('low_income')).toMatchObject({
      kind: 'boolean',
      values: [
        { value: 'false', count: 2 },
        { value: 'true', count: 2 },
      ],
    });
    expect(field('child_budget_eur')).toMatchObject({ kind: 'integer', missing: 0, range: { min: 0, max: 1200 } });
    expect(field('child_budget_eur')!.range!.bins.reduce((n, b) => n + b.count, 0)).toBe(4);
    expect(field('child_budget_eur')!.range!.bins[0]).toEqual({ from: 0, to: 120, count: 2 });
    expect(JSON.stringify(profile)).not.toMatch(/90000000\d/);
  });

  it('profiles every dataset the organisation holds, empty ones too', async () => {
    await importInto(
      space.dataDir,
      space.write('g.csv', csv([GEMEENTE_HEADER, '900000001;2024;WK085501;4-11;J;N;0;0'])),
    );
    const profiles = await profileHeldData(await open(), catalog, 'gemeente');
    expect(profiles.map((p) => p.dataset)).toEqual(
      Object.keys(catalog.datasets)
        .filter((d) => catalog.datasets[d].holders.includes('gemeente'))
        .sort(),
    );
    const ours = profiles.find((p) => p.dataset === 'children_households')!;
    expect(ours.records).toBe(1);
    expect(profiles.filter((p) => p.dataset !== 'children_households').every((p) => p.records === 0)).toBe(true);
  });
});
