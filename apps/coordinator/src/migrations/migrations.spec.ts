import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AUDIT_ENTITIES } from '@bfa/audit';
import { ENTITIES } from '../coordinator.module';
import { COORDINATOR_MIGRATIONS } from '.';

const open = (database: string) =>
  new DataSource({
    type: 'sqlite',
    database,
    entities: [...ENTITIES, ...AUDIT_ENTITIES],
    migrations: COORDINATOR_MIGRATIONS,
    migrationsRun: true,
  }).initialize();

describe("the coordinator's store, by migrations", () => {
  it('migrates a fresh store to exactly what the entities describe, and runs nothing again at the next start', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'bfa-coordinator-store-')), 'coordinator.sqlite');
    const store = await open(database);
    expect((await store.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    await store.query(
      `INSERT INTO queries (id, requester, "queryHash", envelope, state) VALUES ('q1', 'analyst', 'h', '{}', 'executing')`,
    );
    await store.destroy();
    const again = await open(database);
    expect(await again.showMigrations()).toBe(false);
    expect(await again.query('SELECT name FROM migrations')).toEqual(
      COORDINATOR_MIGRATIONS.map((m) => ({ name: m.name })),
    );
    expect(await again.query('SELECT id, state FROM queries')).toEqual([{ id: 'q1', state: 'executing' }]);
    await again.destroy();
  });

  it('adds releases.removedAt to a store made before retention, keeping every release as it was (none removed)', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'bfa-coordinator-store-')), 'coordinator.sqlite');
    const before = await new DataSource({
      type: 'sqlite',
      database,
      migrations: COORDINATOR_MIGRATIONS.slice(0, 1),
      migrationsRun: true,
    }).initialize();
    await before.query(
      `INSERT INTO releases ("queryId", "table", "tableHash", dataset, "differencingBasis") VALUES ('q1', '{"cells":[]}', 'h', 'risk_signals', '{}')`,
    );
    await before.destroy();
    const after = await open(database);
    expect(await after.query('SELECT "queryId", "table", "tableHash", "removedAt" FROM releases')).toEqual([
      { queryId: 'q1', table: '{"cells":[]}', tableHash: 'h', removedAt: null },
    ]);
    expect((await after.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    await after.destroy();
  });
});
