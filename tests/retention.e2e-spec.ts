import { appendFileSync, cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AuditEntry, FederationAudit, RegisterRow } from '@bfa/audit';
import { QuerySpec } from '@bfa/protocol';
import { AnalystClient, EthicsBoardClient, HttpError, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';
import { bfa } from './support/bfa-cli';
import { sqliteAll, sqliteRun } from './support/sqlite';
import { COMBINATION_SCALE, startTestCluster } from './support/test-cluster';

/** Whatever year the suite runs in, the school board's policy keeps 2024 and lets 2023 go. */
const KEEP_YEARS = new Date().getUTCFullYear() - 2024;

function policiesWithRecordRetention(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bfa-policies-'));
  cpSync(resolve(__dirname, '..', 'policies'), dir, { recursive: true });
  appendFileSync(join(dir, 'organisations', 'schoolbestuur.yaml'), `recordRetentionYears: ${KEEP_YEARS}\n`);
  return dir;
}

const signals = (groupBy: string[], retentionDays: number): QuerySpec => ({
  ...DEMO_GROUNDS,
  retentionDays,
  dataset: 'risk_signals',
  measure: { kind: 'count' },
  groupBy,
  filters: [{ field: 'year', op: 'eq', value: 2024 }],
  purpose: 'Smart Start retention test: risk signals in 2024, to plan preventive support',
});

const PUPILS: QuerySpec = {
  ...DEMO_GROUNDS,
  dataset: 'pupils',
  measure: { kind: 'count' },
  groupBy: ['age_band'],
  filters: [{ field: 'year', op: 'eq', value: 2024 }],
  purpose: 'Smart Start retention test: pupils per age band in 2024, after the school board purged 2023',
};

type Table = { queryId: string; cells: unknown[] };

/**
 * Retention through real processes: a release of one day's retention, its release time moved two days back in the
 * coordinator's store (the one clock the test turns; no setting can), is removed at the coordinator's next start,
 * from every API, durably; its hash stays in the signed log, the register dates the removal, verify stays clean.
 * The school board's node purges its records of 2023 under its policy's limit and keeps answering for 2024.
 */
describe('retention: releases past their retention removed, records past the policy purged', () => {
  let cluster: LocalCluster;
  let policiesDir: string;
  let shortLived: { id: string; table: Table };
  let kept: { id: string; table: Table };

  const analyst = () => new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  const ethics = (url = cluster.coordinatorUrl) =>
    new EthicsBoardClient(url, loadIdentity(cluster.users['ethics.board']));
  const coordinatorStore = () => join(cluster.coordinatorDataDir, 'coordinator.sqlite');
  const nodeUrls = () => Object.fromEntries(Object.entries(cluster.nodes).map(([org, node]) => [org, node.url]));
  const logArgs = () => [
    '--coordinator',
    cluster.coordinatorUrl,
    ...Object.entries(nodeUrls()).flatMap(([org, url]) => ['--node', `${org}=${url}`]),
    '--key',
    cluster.users['ethics.board'],
  ];
  const analystArgs = () => ['--url', cluster.coordinatorUrl, '--key', cluster.users['analyst.smartstart']];
  const removals = async () => (await ethics().audit()).filter((e) => e.type === 'release.removed');
  const notice = (days: number) =>
    `release removed on ${new Date().toISOString().slice(0, 10)} after its retention of ${days} day${days === 1 ? '' : 's'}`;

  async function release(spec: QuerySpec): Promise<{ id: string; table: Table }> {
    const submitted = await analyst().submit(spec);
    for (const org of submitted.approvers)
      await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(
        submitted.id,
        'approve',
      );
    expect(await analyst().waitForState(submitted.id, ['released', 'failed', 'refused'], 240_000)).toMatchObject({
      state: 'released',
    });
    return { id: submitted.id, table: await analyst().release<Table>(submitted.id) };
  }

  beforeAll(async () => {
    policiesDir = policiesWithRecordRetention();
    cluster = await startTestCluster('retention', { scale: COMBINATION_SCALE, policiesDir });
    shortLived = await release(signals(['wijk'], 1));
    kept = await release(signals(['age_band'], 365));
    await sqliteRun(
      coordinatorStore(),
      `UPDATE releases SET "releasedAt" = datetime('now', '-2 days') WHERE "queryId" = ?`,
      [shortLived.id],
    );
    await cluster.processes.coordinator.stop();
    await cluster.processes.coordinator.start();
  }, 900_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('is gone from the release API for the analyst and the ethics board alike, with the date and the retention, not a 404', async () => {
    const gone = { status: 410, body: expect.objectContaining({ message: `query ${shortLived.id}: ${notice(1)}` }) };
    await expect(analyst().release(shortLived.id)).rejects.toMatchObject(gone);
    await expect(ethics().http.get(`/queries/${shortLived.id}/release`)).rejects.toBeInstanceOf(HttpError);
    await expect(ethics().http.get(`/queries/${shortLived.id}/release`)).rejects.toMatchObject(gone);
    expect(await analyst().query(shortLived.id)).toMatchObject({ state: 'removed', reason: notice(1) });
    const listed = await analyst().queries();
    expect(listed.find((q) => q.id === shortLived.id)).toMatchObject({ state: 'removed' });
    expect(listed.find((q) => q.id === kept.id)).toMatchObject({ state: 'released' });
    expect(await analyst().release(kept.id)).toEqual(kept.table);
  });

  it("the CLI's views say when and why", async () => {
    const shown = await bfa(['analyst', 'release', shortLived.id, ...analystArgs()]);
    expect(shown.code).not.toBe(0);
    expect(shown.stderr).toContain(notice(1));
    const status = await bfa(['analyst', 'show', shortLived.id, ...analystArgs()]);
    expect(status.stdout).toContain(`${notice(1)}.`);
  });

  it("the store keeps the hash and the ledger's record, not the table; the log keeps the hash in a signed release.removed", async () => {
    const [row] = await sqliteAll<{ table: string; tableHash: string; differencingBasis: string; removedAt: string }>(
      coordinatorStore(),
      'SELECT "table", "tableHash", "differencingBasis", "removedAt" FROM releases WHERE "queryId" = ?',
      [shortLived.id],
    );
    const log = (await ethics().audit()).filter((e) => e.queryId === shortLived.id);
    const published = log.find((e) => e.type === 'release.published')!;
    expect(row).toMatchObject({ table: '', tableHash: published.details.tableHash, removedAt: expect.any(String) });
    expect(JSON.parse(row.differencingBasis).cells.length).toBeGreaterThan(0);
    expect(log.filter((e) => e.type === 'release.removed')).toEqual([
      expect.objectContaining({
        actor: 'coordinator',
        details: {
          tableHash: published.details.tableHash,
          releasedAt: expect.any(String),
          retentionDays: 1,
          removedAt: expect.any(String),
          ledger: 'kept',
        },
      }),
    ]);
    const [other] = await sqliteAll<{ table: string }>(
      coordinatorStore(),
      'SELECT "table" FROM releases WHERE "queryId" = ?',
      [kept.id],
    );
    expect(JSON.parse(other.table)).toEqual(kept.table);
  });

  it('stays removed, and is logged once, after a crash and another start', async () => {
    await cluster.processes.coordinator.kill();
    await cluster.processes.coordinator.start();
    expect(await analyst().query(shortLived.id)).toMatchObject({ state: 'removed', reason: notice(1) });
    expect((await removals()).map((e) => e.queryId)).toEqual([shortLived.id]);
  });

  describe("a node purges its records past its policy's retention", () => {
    const schoolRecords = () => join(cluster.nodes.schoolbestuur.dataDir, 'records.sqlite');
    const countOf = async (table: string, where: string) =>
      (await sqliteAll<{ n: number }>(schoolRecords(), `SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`))[0].n;
    let before: Record<string, number>;
    let of2024: number;

    beforeAll(async () => {
      before = {
        pupils: await countOf('pupils', 'year <= 2023'),
        risk_signals: await countOf('risk_signals', 'year <= 2023'),
      };
      of2024 = await countOf('pupils', 'year = 2024');
    });

    it('refuses where the policy sets no limit, deleting nothing', async () => {
      const refused = await bfa([
        'data',
        'purge',
        '--data-dir',
        cluster.nodes.ggd.dataDir,
        '--org',
        'ggd',
        '--policies',
        policiesDir,
      ]);
      expect(refused).toMatchObject({
        code: 2,
        stderr: expect.stringContaining(
          'the policy of ggd (organisations/ggd.yaml) sets no recordRetentionYears: nothing purged',
        ),
      });
    });

    it('deletes the years up to 2023 in one go, logs the counts in its own signed log, and answers for 2024 as before', async () => {
      expect(before.pupils).toBeGreaterThan(0);
      const purged = await bfa([
        'data',
        'purge',
        '--data-dir',
        cluster.nodes.schoolbestuur.dataDir,
        '--org',
        'schoolbestuur',
        '--policies',
        policiesDir,
        '--json',
      ]);
      expect(purged.code).toBe(0);
      expect(JSON.parse(purged.stdout)).toMatchObject({
        retentionYears: KEEP_YEARS,
        throughYear: 2023,
        deleted: before,
      });
      expect(await countOf('pupils', 'year <= 2023')).toBe(0);
      expect(await countOf('risk_signals', 'year <= 2023')).toBe(0);
      expect(await countOf('pupils', 'year = 2024')).toBe(of2024);

      const pupils = await release(PUPILS);
      const total = (pupils.table.cells as { coordinates: Record<string, string>; value: number | null }[]).find((c) =>
        Object.values(c.coordinates).every((v) => v === 'Totaal'),
      );
      expect(total?.value).toBe(of2024);
      const log: AuditEntry[] = await ethics(cluster.nodes.schoolbestuur.url).audit();
      const purge = log.filter((e) => e.type === 'data.purged');
      expect(purge).toEqual([
        expect.objectContaining({
          actor: 'data-purge',
          details: expect.objectContaining({ throughYear: 2023, deleted: before }),
        }),
      ]);
      expect(purge[0].seq).toBeLessThan(
        log.find((e) => e.queryId === pupils.id && e.type === 'execution.performed')!.seq,
      );
    });
  });

  describe('what the ethics board sees', () => {
    it('bfa ethics verify: every log valid and in agreement, the removal included', async () => {
      const { code, stdout } = await bfa([
        'ethics',
        'verify',
        ...logArgs(),
        '--registry',
        join(cluster.dir, 'registry.json'),
        '--json',
      ]);
      const result: FederationAudit = JSON.parse(stdout);
      expect(result.findings).toEqual([]);
      expect(result.ok).toBe(true);
      expect(code).toBe(0);
    });

    it('the processing register dates the removal and keeps the release hash', async () => {
      const out = join(cluster.dir, 'register');
      expect((await bfa(['ethics', 'export', '--register', ...logArgs(), '--out', `${out}.csv`])).code).toBe(0);
      const register: RegisterRow[] = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
      const [removal] = await removals();
      expect(register.find((r) => r.queryId === shortLived.id)).toMatchObject({
        outcome: 'released',
        retentionDays: 1,
        releaseHash: removal.details.tableHash,
        removedAt: removal.time,
      });
      expect(register.find((r) => r.queryId === kept.id)).toMatchObject({
        outcome: 'released',
        retentionDays: 365,
        removedAt: null,
      });
      expect(readFileSync(`${out}.csv`, 'utf8')).toContain(`"${removal.details.tableHash}","${removal.time}"`);
    });
  });
});
