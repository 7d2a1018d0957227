import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AUDIT_ENTITIES, AuditLog, AuditModule } from '@bfa/audit';
import { canonicalHash, generateSigningKeyPair } from '@bfa/crypto';
import { QueryEnvelope } from '@bfa/protocol';
import { COORDINATOR_CONFIG } from '../coordinator.config';
import { ENTITIES } from '../coordinator.module';
import { COORDINATOR_MIGRATIONS } from '../migrations';
import { QueryRecord } from '../queries/query.entity';
import { QueryRegistry } from '../queries/query-registry.service';
import { ReleasedTable } from '../queries/released-table';
import { ReleaseRetention, RETENTION_CLOCK } from './release-retention.service';

const DAY = 24 * 60 * 60 * 1000;
const secretKey = generateSigningKeyPair().secretKey;

const envelopeOf = (id: string, retentionDays?: number, before?: string) =>
  ({
    id,
    requester: 'analyst.smartstart',
    spec: {
      dataset: 'risk_signals',
      measure: { kind: 'count' },
      groupBy: ['wijk'],
      ...(retentionDays !== undefined ? { retentionDays } : {}),
      ...(before ? { combination: { analysis: 'cohort', before, factors: [] } } : {}),
    },
  }) as unknown as QueryEnvelope;

const tableOf = (queryId: string) =>
  ({ queryId, cells: [{ coordinates: { wijk: 'WK085501' }, value: 42 }] }) as unknown as ReleasedTable;

describe('releases past their retention, on a real sqlite file', () => {
  let dir: string;
  let app: INestApplication;
  let clock: Date;

  async function start(retentionSweepIntervalMs = 0): Promise<void> {
    const module = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          type: 'sqlite',
          database: join(dir, 'coordinator.sqlite'),
          entities: [...ENTITIES, ...AUDIT_ENTITIES],
          migrations: COORDINATOR_MIGRATIONS,
          migrationsRun: true,
        }),
        TypeOrmModule.forFeature(ENTITIES),
        AuditModule.forWriter({ id: 'coordinator', secretKey }),
      ],
      providers: [
        QueryRegistry,
        ReleaseRetention,
        { provide: COORDINATOR_CONFIG, useValue: { retentionSweepIntervalMs } },
        { provide: RETENTION_CLOCK, useValue: () => clock },
      ],
    }).compile();
    app = module.createNestApplication();
    await app.init();
  }

  const registry = () => app.get(QueryRegistry);
  const sweep = () => app.get(ReleaseRetention).sweep();
  const removals = async () => (await app.get(AuditLog).entries()).filter((e) => e.type === 'release.removed');
  const stateOf = async (id: string) =>
    (await app.get(DataSource).getRepository(QueryRecord).findOneByOrFail({ id })).state;

  /** A released query: stored, announced, its release time read back as the store keeps it. */
  async function released(
    id: string,
    retentionDays?: number,
    state: 'released' | 'executing' = 'released',
    before?: string,
  ): Promise<Date> {
    const envelope = envelopeOf(id, retentionDays, before);
    await registry().create(envelope);
    await registry().transition(id, 'proposed', 'executing');
    await registry().saveRelease(tableOf(id), {
      spec: envelope.spec,
      cells: [{ key: '[["wijk","WK085501"]]', contributors: 42, released: true }],
    });
    if (state === 'released') await registry().transition(id, 'executing', 'released');
    const [{ releasedAt }] = await app
      .get(DataSource)
      .query('SELECT "releasedAt" FROM releases WHERE "queryId" = ?', [id]);
    return new Date(`${releasedAt.replace(' ', 'T')}Z`);
  }

  // Each test signs audit entries (tweetnacl is slow under jest) on cores shared with other runs: generous timeouts.
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-retention-'));
    clock = new Date();
    await start();
  }, 30_000);

  afterEach(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a release until release time + retentionDays, then removes its table and keeps its hash, its ledger record and a signed release.removed', async () => {
    const releasedAt = await released('q1', 30);
    clock = new Date(releasedAt.getTime() + 30 * DAY - 1);
    expect(await sweep()).toEqual([]);
    expect(await registry().release('q1')).toEqual(tableOf('q1'));

    clock = new Date(releasedAt.getTime() + 30 * DAY);
    expect(await sweep()).toEqual(['q1']);
    expect(await registry().release('q1')).toBeNull();
    const view = await registry().view('q1');
    expect(view).toMatchObject({
      state: 'removed',
      reason: `release removed on ${clock.toISOString().slice(0, 10)} after its retention of 30 days`,
    });
    const [row] = await app
      .get(DataSource)
      .query('SELECT "table", "tableHash" FROM releases WHERE "queryId" = ?', ['q1']);
    expect(row).toEqual({ table: '', tableHash: canonicalHash(tableOf('q1')) });
    expect((await registry().ledger('risk_signals')).map((entry) => entry.id)).toEqual(['q1']);
    const [removal] = await removals();
    expect(removal).toMatchObject({
      queryId: 'q1',
      actor: 'coordinator',
      details: { tableHash: canonicalHash(tableOf('q1')), retentionDays: 30, releasedAt: releasedAt.toISOString() },
    });
    expect(JSON.stringify(removal.details)).not.toContain('42');
    expect(await app.get(AuditLog).verify()).toMatchObject({ valid: true });
  }, 30_000);

  // Whoever reads the coordinator's disk: emptying the column only marked the table's old bytes free in the file.
  it("leaves no byte of a removed table in the coordinator's store", async () => {
    const estimates = Array.from({ length: 400 }, (_, i) => `mean of cell ${i}: 7319.0456`);
    await registry().create(envelopeOf('q1', 1));
    await registry().transition('q1', 'proposed', 'executing');
    await registry().saveRelease({ ...tableOf('q1'), estimates } as unknown as ReleasedTable, {
      spec: envelopeOf('q1').spec,
      cells: [],
    });
    await registry().transition('q1', 'executing', 'released');
    const bytes = () => readFileSync(join(dir, 'coordinator.sqlite')).toString('latin1');
    expect(bytes()).toContain('7319.0456');
    clock = new Date(Date.now() + 2 * DAY);
    expect(await sweep()).toEqual(['q1']);
    expect(bytes()).not.toContain('7319.0456');
  }, 30_000);

  it('removes once: a second sweep and a restart on the same file add nothing', async () => {
    const releasedAt = await released('q1', 1);
    clock = new Date(releasedAt.getTime() + 2 * DAY);
    expect(await sweep()).toEqual(['q1']);
    expect(await sweep()).toEqual([]);
    await app.close();
    await start();
    expect(await sweep()).toEqual([]);
    expect(await removals()).toHaveLength(1);
    expect(await stateOf('q1')).toBe('removed');
  }, 30_000);

  it('finishes a removal a crash cut short after the table was emptied: one release.removed, the query removed', async () => {
    const releasedAt = await released('q1', 1);
    await app
      .get(DataSource)
      .query(`UPDATE releases SET "table" = '', "removedAt" = ? WHERE "queryId" = 'q1'`, [
        new Date(releasedAt.getTime() + DAY).toISOString(),
      ]);
    await app.close();
    await start();
    expect(await registry().release('q1')).toBeNull();
    expect(await stateOf('q1')).toBe('removed');
    expect(await removals()).toHaveLength(1);
    expect(await sweep()).toEqual([]);
    expect(await removals()).toHaveLength(1);
  }, 30_000);

  it('sweeps again every interval while running, not only at start', async () => {
    const releasedAt = await released('q1', 1);
    await app.close();
    await start(50);
    expect(await stateOf('q1')).toBe('released');
    clock = new Date(releasedAt.getTime() + 2 * DAY);
    for (let tries = 0; tries < 100 && (await stateOf('q1')) !== 'removed'; tries++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stateOf('q1')).toBe('removed');
    expect(await removals()).toHaveLength(1);
  }, 30_000);

  // The attack: a 30-day cohort named as the before cohort of one kept ten years, whose release.effect repeats the
  // 30-day release's counts per arm; without this the counts outlived the retention the partners approved.
  it("removes a cohort's release with its before cohort's, whose counts its effect carries, down a chain", async () => {
    const first = await released('cohort-2022', 30);
    await released('cohort-2023', 3650, 'released', 'cohort-2022');
    await released('cohort-2024', undefined, 'released', 'cohort-2023');
    await released('unrelated', 3650);
    clock = new Date(first.getTime() + 30 * DAY - 1);
    expect(await sweep()).toEqual([]);
    clock = new Date(first.getTime() + 30 * DAY);
    expect((await sweep()).sort()).toEqual(['cohort-2022', 'cohort-2023', 'cohort-2024']);
    expect(await registry().release('cohort-2023')).toBeNull();
    expect(await registry().release('unrelated')).toEqual(tableOf('unrelated'));
    expect(await registry().view('cohort-2024')).toMatchObject({
      state: 'removed',
      reason: `release removed on ${clock.toISOString().slice(0, 10)} with release cohort-2022, whose counts it carries and whose retention ended`,
    });
    const removal = (await removals()).find((e) => e.queryId === 'cohort-2023');
    expect(removal?.details).toMatchObject({ retentionDays: 3650, withRelease: 'cohort-2022' });
    expect(await app.get(AuditLog).verify()).toMatchObject({ valid: true });
  }, 30_000);

  it('leaves a release not yet announced, and one whose query states no retention', async () => {
    const releasedAt = await released('q-executing', 1, 'executing');
    await released('q-unstated');
    clock = new Date(releasedAt.getTime() + 400 * DAY);
    expect(await sweep()).toEqual([]);
    expect(await registry().release('q-executing')).toEqual(tableOf('q-executing'));
    expect(await registry().release('q-unstated')).toEqual(tableOf('q-unstated'));
    expect(await removals()).toEqual([]);
  }, 30_000);
});
