import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPair } from '@bfa/crypto';
import { AUDIT_ENTITIES } from './audit-entry.record';
import { AuditHeads } from './audit-heads.service';
import { AuditLog } from './audit-log.service';
import { AuditModule } from './audit.module';
import { signHead } from './signed-head';

describe("AuditHeads: the other parties' heads, kept and witnessed on a real sqlite file", () => {
  const ggd = generateSigningKeyPair();
  const ggdWriter = { id: 'ggd', secretKey: ggd.secretKey };
  let dir: string;
  let close: () => Promise<void>;
  let log: AuditLog;
  let heads: AuditHeads;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-heads-'));
    const keys = (writer: string) => (writer === 'ggd' ? ggd.publicKey : undefined);
    const module = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          type: 'sqlite',
          database: join(dir, 'audit.sqlite'),
          entities: AUDIT_ENTITIES,
          synchronize: true,
        }),
        AuditModule.forWriter({ id: 'coordinator', secretKey: generateSigningKeyPair().secretKey }, keys),
      ],
    }).compile();
    const app = module.createNestApplication();
    await app.init();
    log = app.get(AuditLog);
    heads = app.get(AuditHeads);
    close = () => app.close();
  });

  afterEach(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ggdHead = (count: number, lastEvent: number) =>
    signHead({ seq: count, hash: String(count).padStart(64, '0') }, lastEvent, ggdWriter);
  const witnessed = async () => (await log.entries()).filter((e) => e.type === 'head.witnessed');

  it('keeps the newest head, logs it only when it covers a new event, and so never witnesses a witness', async () => {
    await log.append({ type: 'query.submitted', queryId: 'q', actor: 'analyst', details: {} });
    await heads.witness('ggd', ggdHead(3, 3));
    await heads.witness('ggd', ggdHead(4, 3));
    await heads.witness('ggd', ggdHead(2, 2));
    expect(await heads.all()).toEqual([expect.objectContaining({ writer: 'ggd', count: 4 })]);
    expect((await witnessed()).map((e) => (e.details.head as { count: number }).count)).toEqual([3]);
    await heads.witness('ggd', ggdHead(6, 5));
    expect((await witnessed()).map((e) => (e.details.head as { count: number }).count)).toEqual([3, 6]);
    expect(await log.verify()).toMatchObject({ valid: true, entries: 3 });
  }, 30_000);

  it("logs a second head of the same length with another hash: the writer's signature on a rewrite", async () => {
    await heads.witness('ggd', ggdHead(3, 3));
    const rewritten = signHead({ seq: 3, hash: 'e'.repeat(64) }, 3, ggdWriter);
    await heads.witness('ggd', rewritten);
    expect((await witnessed()).map((e) => e.details)).toEqual([
      { head: expect.objectContaining({ count: 3 }) },
      { head: rewritten, conflictsWith: ggdHead(3, 3).hash },
    ]);
    expect(await heads.all()).toEqual([expect.objectContaining({ hash: ggdHead(3, 3).hash })]);
  }, 30_000);

  it("ignores a head not signed by the party it came from, or another party's", async () => {
    const forged = signHead({ seq: 9, hash: '9'.repeat(64) }, 9, {
      id: 'ggd',
      secretKey: generateSigningKeyPair().secretKey,
    });
    await heads.witness('ggd', forged);
    await heads.witness('gemeente', ggdHead(3, 3));
    await heads.witness('ggd', { writer: 'ggd', count: 'many' });
    expect(await heads.all()).toEqual([]);
    expect(await log.entries()).toEqual([]);
  });

  it("signs its own head at the log's length, with the last entry that is not a witness", async () => {
    expect(await log.head()).toMatchObject({ writer: 'coordinator', count: 0, lastEvent: 0 });
    await log.append({ type: 'query.submitted', queryId: 'q', actor: 'analyst', details: {} });
    await heads.witness('ggd', ggdHead(1, 1));
    const entries = await log.entries();
    expect(await log.head()).toMatchObject({ count: 2, hash: entries[1].hash, lastEvent: 1 });
  }, 30_000);
});
