import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { openRecordStore } from '../import/record-store';
import { RECORD_ENTITIES } from '../record-entities';
import { SUM_INDEXES } from '../sum-indexes';
import { RECORD_MIGRATIONS } from '.';

/** The records store as the node opens it: no entities, its migrations at start. */
const atNodeStart = (database: string) =>
  new DataSource({
    type: 'sqlite',
    database,
    entities: [],
    migrations: RECORD_MIGRATIONS,
    migrationsRun: true,
  }).initialize();

const indexesOf = async (store: DataSource, table: string): Promise<string[]> =>
  (
    await store.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name`, [table])
  ).map((r: { name: string }) => r.name);

const SUM_SQL = `SELECT wijk, age_band, SUM(v) AS total, MAX(CASE WHEN rank = 1 THEN v END) AS largest FROM (SELECT wijk, age_band, duration_days AS v, ROW_NUMBER() OVER (PARTITION BY wijk, age_band ORDER BY duration_days DESC) AS rank FROM youth_care_trajectories WHERE year = 2024) GROUP BY wijk, age_band`;

describe("the records store's covering indexes for sums", () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'bfa-records-store-')), 'records.sqlite');

  /** A store an import of the previous version made: the table and its rows, without the covering index. */
  async function importedBefore(database: string): Promise<void> {
    const store = await openRecordStore(database, 'youth_care_trajectories');
    await store.query(`DROP INDEX "sum_youth_care_trajectories_duration_days"`);
    await store.query(
      `INSERT INTO youth_care_trajectories (child_ref, wijk, buurt, age_band, year, care_form, out_of_home, duration_days) VALUES ('1', 'WK076601', 'BU07660101', '0-3', 2024, 'ambulant', 0, 30), ('2', 'WK076601', 'BU07660101', '0-3', 2024, 'ambulant', 0, 200)`,
    );
    await store.destroy();
  }

  it('are what the entities declare, one per summable field', async () => {
    const store = await new DataSource({
      type: 'sqlite',
      database: ':memory:',
      entities: Object.values(RECORD_ENTITIES),
    }).initialize();
    const declared = (table: string) =>
      store.getMetadata(RECORD_ENTITIES[table]).indices.filter((i) => i.name.startsWith('sum_'));
    for (const { table, field, name } of SUM_INDEXES) {
      const index = declared(table).find((i) => i.name === name);
      expect(index?.columns.map((c) => c.databaseName)).toEqual(['year', 'wijk', 'age_band', field]);
    }
    expect(
      Object.keys(RECORD_ENTITIES)
        .flatMap((t) => declared(t).map((i) => i.name))
        .sort(),
    ).toEqual(SUM_INDEXES.map((i) => i.name).sort());
    await store.destroy();
  });

  it("are added at the node's start to a store imported before, which the sum then reads instead of the table", async () => {
    const database = file();
    await importedBefore(database);
    const store = await atNodeStart(database);
    expect(await indexesOf(store, 'youth_care_trajectories')).toContain('sum_youth_care_trajectories_duration_days');
    const plan = (await store.query(`EXPLAIN QUERY PLAN ${SUM_SQL}`)).map((p: { detail: string }) => p.detail);
    expect(plan.join('; ')).toContain('USING COVERING INDEX sum_youth_care_trajectories_duration_days');
    expect(await store.query(SUM_SQL)).toEqual([{ wijk: 'WK076601', age_band: '0-3', total: 230, largest: 200 }]);
    await store.destroy();
  });

  it('run once: the next start runs nothing, and a later import keeps the indexes (synchronize finds nothing to change)', async () => {
    const database = file();
    await importedBefore(database);
    await (await atNodeStart(database)).destroy();
    const again = await atNodeStart(database);
    expect(await again.showMigrations()).toBe(false);
    expect(await again.query('SELECT name FROM migrations')).toEqual([{ name: 'SumCoveringIndexes1764547200000' }]);
    await again.destroy();
    const importing = await openRecordStore(database, 'youth_care_trajectories');
    expect((await importing.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    expect(await indexesOf(importing, 'youth_care_trajectories')).toContain(
      'sum_youth_care_trajectories_duration_days',
    );
    expect(await importing.query('SELECT COUNT(*) AS n FROM youth_care_trajectories')).toEqual([{ n: 2 }]);
    await importing.destroy();
  });

  it('leave a store with nothing imported yet alone; the first import makes the table with its indexes', async () => {
    const database = file();
    const empty = await atNodeStart(database);
    expect(await empty.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'pupils'`)).toEqual([]);
    await empty.destroy();
    const importing = await openRecordStore(database, 'pupils');
    expect(await indexesOf(importing, 'pupils')).toEqual(
      expect.arrayContaining(['sum_pupils_absence_hours', 'sum_pupils_pupil_weight']),
    );
    await importing.destroy();
  });

  it('can run again on a store that already has them (IF NOT EXISTS), and down removes them', async () => {
    const database = file();
    await (await openRecordStore(database, 'risk_signals')).destroy();
    const store = await atNodeStart(database);
    const runner = store.createQueryRunner();
    await new RECORD_MIGRATIONS[0]().up(runner);
    expect(await indexesOf(store, 'risk_signals')).toContain('sum_risk_signals_severity');
    await new RECORD_MIGRATIONS[0]().down(runner);
    expect(await indexesOf(store, 'risk_signals')).not.toContain('sum_risk_signals_severity');
    await runner.release();
    await store.destroy();
  });
});
