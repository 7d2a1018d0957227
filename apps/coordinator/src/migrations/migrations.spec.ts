import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AUDIT_ENTITIES } from '@bfa/audit';
import { ENTITIES } from '../coordinator.module';
import { COORDINATOR_MIGRATIONS } from '.';

const open = (database: string) => new DataSource({ type: 'sqlite', database, entities: [...ENTITIES, ...AUDIT_ENTITIES], migrations: COORDINATOR_MIGRATIONS, migrationsRun: true }).initialize();

describe("the coordinator's store, by migrations", () => {
  it('migrates a fresh store to exactly what the entities describe, and runs nothing again at the next start', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'bfa-coordinator-store-')), 'coordinator.sqlite');
    const store = await open(database);
    expect((await store.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    await store.query(`INSERT INTO queries (id, requester, "queryHash", envelope, state) VALUES ('q1', 'analyst', 'h', '{}', 'executing')`);
    await store.destroy();
    const again = await open(database);
    expect(await again.showMigrations()).toBe(false);
    expect(await again.query('SELECT name FROM migrations')).toEqual(COORDINATOR_MIGRATIONS.map((m) => ({ name: m.name })));
    expect(await again.query('SELECT id, state FROM queries')).toEqual([{ id: 'q1', state: 'executing' }]);
    await again.destroy();
  });
});
