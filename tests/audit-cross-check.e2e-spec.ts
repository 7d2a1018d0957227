import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditFederation, fetchFederationLogs, FederationAudit } from '../apps/cli/src/roles/federation-audit';
import { AnalystClient, EthicsBoardClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { bfa } from './support/bfa-cli';
import { RawNats } from './support/raw-nats';
import { sqliteRun } from './support/sqlite';
import { coordinatorKey, startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

const QUERY = {
  ...DEMO_GROUNDS,
  dataset: 'risk_signals',
  measure: { kind: 'count' as const },
  groupBy: ['wijk'],
  purpose: 'Audit test: one release, then an ethics-board cross-check of every log',
};

describe("the ethics board's cross-check of the coordinator's and the nodes' signed logs", () => {
  let cluster: LocalCluster;
  let nats: RawNats;
  let ggdListener: RawNats;
  let queryId: string;
  let decryptionRequests: unknown[];

  const nodeUrls = () => Object.fromEntries(Object.entries(cluster.nodes).map(([org, node]) => [org, node.url]));
  const registry = () => JSON.parse(readFileSync(join(cluster.dir, 'registry.json'), 'utf8'));
  const ethicsKey = () => cluster.users['ethics.board'];
  const audit = async () =>
    auditFederation(
      await fetchFederationLogs(cluster.coordinatorUrl, nodeUrls(), loadIdentity(ethicsKey())),
      registry(),
    );

  const logArgs = () => [
    '--coordinator',
    cluster.coordinatorUrl,
    ...Object.entries(nodeUrls()).flatMap(([org, url]) => ['--node', `${org}=${url}`]),
    '--key',
    ethicsKey(),
  ];

  beforeAll(async () => {
    cluster = await startTestCluster('audit');
    nats = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.coordinator, coordinatorKey(cluster));
    // Only GGD's own NATS account may listen to GGD's requests.
    ggdListener = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.ggd);
    decryptionRequests = ggdListener.spy('node.ggd.decryption.partial');
    const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    const submitted = await analyst.submit(QUERY);
    queryId = submitted.id;
    for (const org of submitted.approvers)
      await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(queryId, 'approve');
    expect(await analyst.waitForState(queryId, ['released', 'failed'])).toMatchObject({ state: 'released' });
  });

  afterAll(async () => {
    await ggdListener?.close();
    await nats?.close();
    await cluster?.stop();
  });

  it('bfa ethics verify: five signed logs, each valid, all in agreement', async () => {
    const { code, stdout } = await bfa([
      'ethics',
      'verify',
      ...logArgs(),
      '--registry',
      join(cluster.dir, 'registry.json'),
      '--json',
    ]);
    const result: FederationAudit = JSON.parse(stdout);
    expect(code).toBe(0);
    expect(result.ok).toBe(true);
    expect(result.logs.map((l) => l.log).sort()).toEqual([
      'coordinator',
      'gemeente',
      'ggd',
      'schoolbestuur',
      'sterkhuis',
    ]);
    const ggd = await new EthicsBoardClient(cluster.nodes.ggd.url, loadIdentity(ethicsKey())).audit();
    expect(ggd.filter((e) => e.queryId === queryId).map((e) => e.type)).toEqual([
      'proposal.received',
      'decision.signed',
      'execution.performed',
      'decryption.performed',
    ]);
  });

  it('bfa ethics export: every entry of every log as JSON lines', async () => {
    const out = join(cluster.dir, 'audit-export.jsonl');
    expect((await bfa(['ethics', 'export', ...logArgs(), '--out', out])).code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(new Set(lines.map((l) => l.log))).toEqual(
      new Set(['coordinator', 'gemeente', 'ggd', 'schoolbestuur', 'sterkhuis']),
    );
    expect(lines.every((l) => typeof l.signature === 'string' && typeof l.hash === 'string')).toBe(true);
  });

  it('detects a node log entry the coordinator lacks: a decryption asked for behind its back', async () => {
    expect(decryptionRequests).toHaveLength(1);
    // The captured request as such is a replay; a compromised coordinator signs it afresh.
    expect(await nats.requestAsIs('node.ggd.decryption.partial', decryptionRequests[0])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('replayed'),
    });
    expect(await nats.request('node.ggd.decryption.partial', decryptionRequests[0] as object)).toMatchObject({
      ok: true,
    });
    const result = await audit();
    expect(result.ok).toBe(false);
    expect(result.findings).toContainEqual(
      expect.objectContaining({ org: 'ggd', queryId, problem: expect.stringContaining('2 time(s); the coordinator') }),
    );
  });

  it("detects a deleted coordinator entry, even the chain's last one, which the chain alone can't show", async () => {
    await sqliteRun(
      join(cluster.coordinatorDataDir, 'coordinator.sqlite'),
      `DELETE FROM audit_log WHERE type = 'release.published'`,
    );
    const result = await audit();
    expect(result.logs.find((l) => l.log === 'coordinator')).toMatchObject({ valid: true });
    expect(result.findings).toContainEqual(
      expect.objectContaining({ queryId, problem: expect.stringContaining('neither a release nor a failure') }),
    );
    const { code } = await bfa(['ethics', 'verify', ...logArgs(), '--registry', join(cluster.dir, 'registry.json')]);
    expect(code).toBe(2);
  });
});
