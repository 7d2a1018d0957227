import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AUDIT_ENTITIES } from '@bfa/audit';
import { ProposalRecord } from '../proposals/proposal.entity';
import { InitialSchema1764460800000 } from './1764460800000-initial-schema';
import { NODE_MIGRATIONS } from '.';

const open = (database: string) =>
  new DataSource({
    type: 'sqlite',
    database,
    entities: [ProposalRecord, ...AUDIT_ENTITIES],
    migrations: NODE_MIGRATIONS,
    migrationsRun: true,
  }).initialize();

describe("the node's store, by migrations", () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'bfa-node-store-')), 'node-state.sqlite');

  it('migrates a fresh store to exactly what the entities describe (TypeORM finds nothing to change)', async () => {
    const store = await open(file());
    expect((await store.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    expect((await store.query('SELECT name FROM migrations ORDER BY id')).map((m: { name: string }) => m.name)).toEqual(
      NODE_MIGRATIONS.map((m) => m.name),
    );
    await store.destroy();
  });

  it('runs nothing again at the next start, and keeps what is stored', async () => {
    const database = file();
    const first = await open(database);
    await first.query(
      `INSERT INTO proposals ("queryId", "queryHash", envelope, state, "policyEvaluation") VALUES ('q1', 'h', '{}', 'pending', '{}')`,
    );
    await first.destroy();
    const again = await open(database);
    expect(await again.showMigrations()).toBe(false);
    expect(await again.query('SELECT count(*) AS n FROM migrations')).toEqual([{ n: NODE_MIGRATIONS.length }]);
    expect(await again.query('SELECT "queryId" FROM proposals')).toEqual([{ queryId: 'q1' }]);
    await again.destroy();
  });

  it("takes over a store the previous version's synchronize made: its rows kept, its decisions not sent again", async () => {
    const database = file();
    const previous = await new DataSource({ type: 'sqlite', database }).initialize();
    const runner = previous.createQueryRunner();
    await new InitialSchema1764460800000().up(runner);
    await runner.release();
    await previous.query(
      `INSERT INTO proposals ("queryId", "queryHash", envelope, state, "policyEvaluation", decision) VALUES ('q1', 'h', '{}', 'approved', '{}', '{"statement":{}}')`,
    );
    await previous.destroy();
    const store = await open(database);
    expect((await store.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    expect(await store.query('SELECT "queryId", state, "decisionDelivery" FROM proposals')).toEqual([
      { queryId: 'q1', state: 'approved', decisionDelivery: 'acknowledged' },
    ]);
    await store.destroy();
  });
});
