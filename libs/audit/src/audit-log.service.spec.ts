import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { generateSigningKeyPair } from '@bfa/crypto';
import { AUDIT_ENTITIES } from './audit-entry.record';
import { AuditLog } from './audit-log.service';
import { readAuditPages } from './audit-pages';
import { AuditModule } from './audit.module';

describe('AuditLog on a real sqlite file', () => {
  let dir: string;
  let close: () => Promise<void>;
  let log: AuditLog;
  let dataSource: DataSource;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-audit-'));
    const module = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          type: 'sqlite',
          database: join(dir, 'audit.sqlite'),
          entities: AUDIT_ENTITIES,
          synchronize: true,
        }),
        AuditModule.forWriter({ id: 'coordinator', secretKey: generateSigningKeyPair().secretKey }),
      ],
    }).compile();
    const app = module.createNestApplication();
    await app.init();
    log = app.get(AuditLog);
    dataSource = app.get(DataSource);
    close = () => app.close();
  });

  afterEach(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  // tweetnacl signs and verifies some 10x slower under jest than in a plain process: a generous timeout.
  it('serialises 50 concurrent appends into seq 1..50 and a valid chain, each entry signed', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        log.append({ type: 'query.submitted', queryId: `q${i}`, actor: 'analyst', details: { i } }),
      ),
    );
    const entries = await log.entries();
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await log.verify()).toMatchObject({ valid: true, entries: 50 });
    expect(await log.entries({ queryId: 'q7' })).toHaveLength(1);
    expect(new Set(entries.map((e) => e.signature)).size).toBe(50);
  }, 30_000);

  it('pages from after a seq, oldest first, the pages together being the whole log', async () => {
    for (let i = 0; i < 12; i++)
      await log.append({ type: 'query.submitted', queryId: `q${i}`, actor: 'analyst', details: { i } });
    expect((await log.page({ after: 0, limit: 5 })).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await log.page({ after: 10, limit: 5 })).map((e) => e.seq)).toEqual([11, 12]);
    expect(await log.page({ after: 12, limit: 5 })).toEqual([]);
    expect(await readAuditPages((after, limit) => log.page({ after, limit }), 5)).toEqual(await log.entries());
  }, 30_000);

  it('reports the edited row after its details are changed with SQL', async () => {
    for (let i = 0; i < 5; i++)
      await log.append({
        type: 'release.published',
        queryId: 'q',
        actor: 'coordinator',
        details: { suppressedCells: i },
      });
    await dataSource.query(`UPDATE audit_log SET details = '{"suppressedCells":0}' WHERE seq = 3`);
    expect(await log.verify()).toMatchObject({ valid: false, brokenAt: 3 });
  });

  it('reports a row whose details were edited into invalid JSON, without failing', async () => {
    await log.append({ type: 'query.submitted', queryId: 'q', actor: 'analyst', details: {} });
    await dataSource.query(`UPDATE audit_log SET details = '{oops' WHERE seq = 1`);
    expect(await log.verify()).toMatchObject({ valid: false, brokenAt: 1 });
  });
});
