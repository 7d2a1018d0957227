import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ENTITIES, AuditLog, AuditModule } from '@bfa/audit';
import { generateSigningKeyPair } from '@bfa/crypto';
import { loadPolicies } from '@bfa/policy';
import { purgeRecords } from '@bfa/records';
import {
  catalog,
  csv,
  GEMEENTE_HEADER,
  importInto,
  POLICIES_DIR,
  scratch,
} from '../../../../libs/records/src/import/testing/import-fixtures';
import { RECORDS } from '../execution/records';
import { DataEditionsLog } from './data-editions-log';

describe('DataEditionsLog: the node signs each edition bfa data import kept', () => {
  const signingKey = generateSigningKeyPair().secretKey;
  let space: ReturnType<typeof scratch>;
  beforeEach(() => (space = scratch()));
  afterEach(() => rmSync(space.dir, { recursive: true, force: true }));

  async function startNode() {
    const module = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          type: 'sqlite',
          database: join(space.dataDir, 'node-state.sqlite'),
          entities: AUDIT_ENTITIES,
          synchronize: true,
        }),
        TypeOrmModule.forRoot({
          name: RECORDS,
          type: 'sqlite',
          database: join(space.dataDir, 'records.sqlite'),
          entities: [],
        }),
        AuditModule.forWriter({ id: 'gemeente', secretKey: signingKey }),
      ],
      providers: [DataEditionsLog],
    }).compile();
    const app = await module.createNestApplication().init();
    return { app, audit: app.get(AuditLog), editions: app.get(DataEditionsLog) };
  }

  const imported = async (audit: AuditLog) => (await audit.entries()).filter((e) => e.type === 'data.imported');

  it('logs an edition imported before the node started, then each new one before it is used, each once, never a record', async () => {
    const first = await importInto(
      space.dataDir,
      space.write('a.csv', csv([GEMEENTE_HEADER, '700000001;2024;WK085501;4-11;J;N;0;100'])),
    );
    let node = await startNode();
    expect(await imported(node.audit)).toEqual([
      expect.objectContaining({
        actor: 'data-import',
        details: expect.objectContaining({
          edition: first.edition!.id,
          dataset: 'children_households',
          years: [2024],
          rowsAccepted: 1,
        }),
      }),
    ]);
    const second = await importInto(
      space.dataDir,
      space.write('b.csv', csv([GEMEENTE_HEADER, '700000002;2023;WK085501;4-11;J;N;0;100'])),
    );
    await Promise.all([node.editions.logNewEditions(), node.editions.logNewEditions()]);
    await node.app.close();
    node = await startNode();
    const entries = await imported(node.audit);
    expect(entries.map((e) => e.details.edition)).toEqual([first.edition!.id, second.edition!.id]);
    expect(await node.audit.verify()).toMatchObject({ valid: true });
    expect(JSON.stringify(entries)).not.toMatch(/70000000|WK085501/);
    await node.app.close();
  });

  it('logs each purge once with its counts (never a record), at start and before the next use', async () => {
    await importInto(
      space.dataDir,
      space.write(
        'a.csv',
        csv([GEMEENTE_HEADER, '700000001;2023;WK085501;4-11;J;N;0;100', '700000002;2024;WK085501;4-11;J;N;0;100']),
      ),
    );
    const policy = { ...loadPolicies(POLICIES_DIR).organisations.gemeente, recordRetentionYears: 7 };
    const purge = () =>
      purgeRecords({ dataDir: space.dataDir, catalog, policy, now: new Date('2031-06-01T00:00:00Z'), lockWaitMs: 0 });
    await purge();
    let node = await startNode();
    const purged = async () => (await node.audit.entries()).filter((e) => e.type === 'data.purged');
    expect(await purged()).toEqual([
      expect.objectContaining({
        actor: 'data-purge',
        details: {
          seq: 1,
          purgedAt: '2031-06-01T00:00:00.000Z',
          retentionYears: 7,
          throughYear: 2023,
          deleted: { children_households: 1 },
        },
      }),
    ]);
    await purge();
    await Promise.all([node.editions.logNewEditions(), node.editions.logNewEditions()]);
    await node.app.close();
    node = await startNode();
    expect((await purged()).map((e) => e.details.seq)).toEqual([1, 2]);
    expect(await node.audit.verify()).toMatchObject({ valid: true });
    expect(JSON.stringify(await purged())).not.toMatch(/70000000|WK085501/);
    await node.app.close();
  }, 30_000); // two imports' worth of sqlite work and two node starts, on shared cores

  it('starts on a store that never had an import', async () => {
    const node = await startNode();
    expect(await imported(node.audit)).toEqual([]);
    await node.app.close();
  });
});
