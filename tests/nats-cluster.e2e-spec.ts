import { join } from 'node:path';
import { AnalystClient, EthicsBoardClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { serverOf } from '../deploy/local/nats-cluster';
import { sqliteAll } from './support/sqlite';
import { startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';
import { until } from './support/until';

const PURPOSE = 'Smart Start NATS cluster test: youth-care trajectories per wijk and age band for prevention planning';

/** Held by sterkhuis alone; all four partners approve and hold key shares (3 of 4 decrypt). */
const careByWijk = {
  ...DEMO_GROUNDS,
  dataset: 'youth_care_trajectories',
  measure: { kind: 'count' as const },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose: PURPOSE,
};

type Entry = { type: string; queryId: string | null; actor: string; details: Record<string, any> };
type Cell = { coordinates: Record<string, string>; value: number | null; suppressed?: boolean };

/**
 * Three nats-servers clustered on loopback (routes over mutual TLS, the same accounts), every process given all
 * three URLs. The server a process is connected to (nats-server's /connz) is killed with SIGKILL during a query;
 * the process moves to another server and the query is released with the cells its partner's records give.
 * On the same federation: key holders killed -9 during the threshold decryption.
 */
describe('a 3-server NATS cluster: the server a process is connected to is killed during a query, and the query completes', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;

  const steward = (org: string) => new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile);
  const ethics = () => new EthicsBoardClient(cluster.coordinatorUrl, loadIdentity(cluster.users['ethics.board']));
  const coordinatorLog = async (queryId: string) =>
    ((await ethics().audit()) as Entry[]).filter((e) => e.queryId === queryId);
  const finished = (queryId: string, timeoutMs = 180_000) =>
    analyst.waitForState(queryId, ['released', 'failed', 'rejected', 'refused'], timeoutMs);
  const approve = async (queryId: string, orgs: string[]) => {
    for (const org of orgs) await steward(org).decide(queryId, 'approve');
  };
  const acknowledged = (queryId: string, orgs: string[]) =>
    until('the decisions acknowledged', 60_000, async () =>
      (await Promise.all(orgs.map((org) => steward(org).proposal<{ decisionDelivery: string | null }>(queryId)))).every(
        (p) => p.decisionDelivery === 'acknowledged',
      ),
    );
  const routes = async (monitorUrl: string) =>
    ((await (await fetch(`${monitorUrl}/routez`)).json()) as { num_routes: number }).num_routes;

  /**
   * Kills (SIGKILL) the server a process's NATS connection is on (its server side, `node-sterkhuis`, always connected)
   * and that of its client side (`node-sterkhuis-client`, connected once it first sent something), and waits until
   * each is on a server still up.
   */
  async function killServersOf(process: string): Promise<string[]> {
    const first = await until(`${process}'s server`, 30_000, () => serverOf(cluster.natsCluster!, process));
    const client = await serverOf(cluster.natsCluster!, `${process}-client`);
    const connections = client ? [process, `${process}-client`] : [process];
    const servers = [...new Set([first, ...(client ? [client] : [])])];
    for (const server of servers) await cluster.processes[server].kill();
    for (const name of connections) {
      await until(`${name} on a server still up`, 30_000, async () => {
        const now = await serverOf(cluster.natsCluster!, name);
        return now !== undefined && !servers.includes(now);
      });
    }
    return servers;
  }

  /** Every released leaf cell is the count in sterkhuis's own sqlite file, read outside the platform. */
  async function expectTheRightCells(queryId: string): Promise<void> {
    const rows = await sqliteAll<{ wijk: string; age_band: string; n: number }>(
      join(cluster.nodes.sterkhuis.dataDir, 'records.sqlite'),
      'SELECT wijk, age_band, COUNT(*) AS n FROM youth_care_trajectories WHERE year = 2024 GROUP BY wijk, age_band',
    );
    const truth = new Map(rows.map((r) => [`${r.wijk}|${r.age_band}`, r.n]));
    const { cells, minCellSize } = await analyst.release<{ cells: Cell[]; minCellSize: number }>(queryId);
    let released = 0;
    for (const cell of cells) {
      const n = truth.get(`${cell.coordinates.wijk}|${cell.coordinates.age_band}`);
      if (n === undefined || cell.suppressed) continue;
      expect([cell.coordinates, cell.value]).toEqual([cell.coordinates, n]);
      expect(n).toBeGreaterThanOrEqual(minCellSize);
      released++;
    }
    expect(released).toBeGreaterThan(10);
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    expect(cells.find((c) => c.coordinates.wijk === 'Totaal' && c.coordinates.age_band === 'Totaal')?.value).toBe(
      total,
    );
  }

  beforeAll(async () => {
    cluster = await startTestCluster('nats-cluster', { natsServers: 3 });
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  }, 900_000);

  afterEach(async () => {
    // Whatever a test killed is started again on its own ports and data, and the cluster's routes are whole again.
    for (const name of Object.keys(cluster?.processes ?? {})) {
      const child = cluster.processes[name].process.child;
      if (child.exitCode !== null || child.signalCode !== null) await cluster.processes[name].start();
    }
    for (const server of cluster?.natsCluster?.servers ?? [])
      await until(`${server.name}'s routes`, 60_000, async () => (await routes(server.monitorUrl)) === 2);
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('runs three nats-servers routed to each other, and gives every process all three URLs', async () => {
    expect(cluster.natsCluster!.servers.map((s) => s.name)).toEqual(['nats-1', 'nats-2', 'nats-3']);
    expect(cluster.natsUrl.split(',')).toEqual(cluster.natsCluster!.servers.map((s) => s.url));
    for (const server of cluster.natsCluster!.servers) expect(await routes(server.monitorUrl)).toBe(2);
    // The coordinator's and each node's connection is on some server of the three.
    for (const name of ['coordinator', ...Object.keys(cluster.nodes).map((org) => `node-${org}`)]) {
      expect([name, await serverOf(cluster.natsCluster!, name)]).toEqual([name, expect.stringMatching(/^nats-[123]$/)]);
    }
  });

  it("the server sterkhuis's node is connected to, killed -9 during a query: the node moves to another server and the query is released with the right cells", async () => {
    const submitted = await analyst.submit(careByWijk);
    const [first, ...rest] = submitted.approvers;
    await approve(submitted.id, [first]);
    const killed = await killServersOf('node-sterkhuis');
    expect(killed.length).toBeGreaterThan(0);
    await approve(submitted.id, rest);

    expect(await finished(submitted.id)).toMatchObject({ state: 'released' });
    await expectTheRightCells(submitted.id);
    expect((await coordinatorLog(submitted.id)).filter((e) => e.type === 'decision.recorded')).toHaveLength(
      submitted.approvers.length,
    );
  }, 300_000);

  it("the coordinator's server killed -9 during a query: the coordinator moves to another server and the query is released with the right cells", async () => {
    const submitted = await analyst.submit(careByWijk);
    const [first, ...rest] = submitted.approvers;
    await approve(submitted.id, [first]);
    await acknowledged(submitted.id, [first]);
    await killServersOf('coordinator');
    await approve(submitted.id, rest);

    expect(await finished(submitted.id)).toMatchObject({ state: 'released' });
    await expectTheRightCells(submitted.id);
  }, 300_000);

  /** Holds each key holder in the decryption step (SIGSTOP after its approval arrived), then kills it -9 once decryption is asked: its request is in flight. */
  async function killKeyHoldersMidDecryption(queryId: string, approvers: string[], victims: string[]): Promise<number> {
    await approve(queryId, victims);
    await acknowledged(queryId, victims);
    for (const org of victims) cluster.processes[`node-${org}`].process.child.kill('SIGSTOP');
    await approve(
      queryId,
      approvers.filter((org) => !victims.includes(org)),
    );
    await until('decryption requested', 120_000, async () =>
      (await coordinatorLog(queryId)).some((e) => e.type === 'decryption.requested'),
    );
    const killedAt = Date.now();
    for (const org of victims) await cluster.processes[`node-${org}`].kill();
    return killedAt;
  }

  it('a key holder killed -9 during the decryption, the threshold still met without it: released within seconds by the other three, not after the node timeout', async () => {
    const submitted = await analyst.submit(careByWijk);
    const killedAt = await killKeyHoldersMidDecryption(submitted.id, submitted.approvers, ['schoolbestuur']);

    expect(await finished(submitted.id)).toMatchObject({ state: 'released' });
    // The coordinator waits 60 s for a node's answer in this cluster: the heartbeats saw it gone well before.
    expect(Date.now() - killedAt).toBeLessThan(40_000);
    const log = await coordinatorLog(submitted.id);
    expect(log.find((e) => e.type === 'decryption.refused')!.details.reasons).toEqual([
      expect.stringMatching(/^schoolbestuur went away during the step \(nats-server had no schoolbestuur node/),
    ]);
    expect([...log.find((e) => e.type === 'release.published')!.details.decryptedBy].sort()).toEqual([
      'gemeente',
      'ggd',
      'sterkhuis',
    ]);
    await expectTheRightCells(submitted.id);
  }, 300_000);

  it('two key holders killed -9 during the decryption, fewer than the threshold left: the query fails within seconds, naming both', async () => {
    const submitted = await analyst.submit(careByWijk);
    const killedAt = await killKeyHoldersMidDecryption(submitted.id, submitted.approvers, ['ggd', 'schoolbestuur']);

    const outcome = await finished(submitted.id);
    expect(Date.now() - killedAt).toBeLessThan(40_000);
    expect(outcome.state).toBe('failed');
    expect(outcome.reason).toMatch(
      /^decryption stopped: only 2 of the 3 key holders needed can still answer; silent: /,
    );
    expect(outcome.reason).toContain('ggd went away during the step');
    expect(outcome.reason).toContain('schoolbestuur went away during the step');
    const failed = (await coordinatorLog(submitted.id)).find((e) => e.type === 'query.failed')!;
    expect(failed.details.reason).toBe(outcome.reason);
  }, 300_000);
});
