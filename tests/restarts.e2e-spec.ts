import { crossCheckLogs } from '@bfa/audit';
import { signDecision, subjects } from '@bfa/protocol';
import { AnalystClient, EthicsBoardClient, HttpError, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { riskFactorCombination } from '../deploy/local/risk-factors';
import { RawNats } from './support/raw-nats';
import { COMBINATION_SCALE, startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';
import { until } from './support/until';

const PURPOSE = 'Smart Start restart test: youth-care trajectories per wijk and age band for prevention planning';

/** Held by sterkhuis alone; all four partners approve and hold key shares. */
const careByWijk = {
  ...DEMO_GROUNDS,
  dataset: 'youth_care_trajectories',
  measure: { kind: 'count' as const },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose: PURPOSE,
};

type Entry = { type: string; queryId: string | null; actor: string; details: Record<string, any> };

/**
 * Operators' accidents on one running federation (2% of the region, so the combination scenario shares it): kill -9 the
 * coordinator mid-query, kill it while the last steward approves, kill nats-server while a steward approves, and a
 * factor holder mid-combination. Nothing else is done to help: the restarted processes carry on by themselves.
 */
describe('restarts lose nothing: real processes killed with SIGKILL and started again on the same data', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;

  const steward = (org: string) => new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile);
  const ethics = (url: string) => new EthicsBoardClient(url, loadIdentity(cluster.users['ethics.board']));
  const coordinatorLog = async (queryId: string) =>
    ((await ethics(cluster.coordinatorUrl).audit()) as Entry[]).filter((e) => e.queryId === queryId);
  const proposal = (org: string, queryId: string) =>
    steward(org).proposal<{ state: string; decisionDelivery: string | null; decision: unknown }>(queryId);
  const released = (queryId: string, timeoutMs = 180_000) =>
    analyst.waitForState(queryId, ['released', 'failed', 'rejected', 'refused'], timeoutMs);

  /** The steward's decision as the console or bfa sends it, kept so the very same request can be sent again. */
  async function signedBody(org: string, queryId: string, decision: 'approve' | 'reject' = 'approve', reason = '') {
    const { queryHash } = await steward(org).waitForProposal(queryId);
    const decidedAt = new Date().toISOString();
    const key = loadIdentity(cluster.nodes[org].stewardKeyFile);
    const { signature } = signDecision({ queryId, queryHash, org, decision, reason, decidedAt }, key.secretKey);
    return { decision, reason, decidedAt, signature };
  }

  const decide = (org: string, queryId: string, body: object) =>
    steward(org).http.post(`/steward/queries/${queryId}/decision`, body);

  /** Every log's entries for the query agree: each execution and decryption a node logged is one the coordinator logged. */
  async function crossCheck(queryId: string): Promise<string[]> {
    const nodes: Record<string, Entry[]> = {};
    for (const org of Object.keys(cluster.nodes))
      nodes[org] = (await ethics(cluster.nodes[org].url).audit()) as Entry[];
    const findings = crossCheckLogs((await ethics(cluster.coordinatorUrl).audit()) as never, nodes as never);
    return findings.filter((f) => f.queryId === queryId).map((f) => f.problem);
  }

  beforeAll(async () => {
    cluster = await startTestCluster('restarts', { scale: COMBINATION_SCALE });
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  }, 600_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('a steward approving while the coordinator is down: the node keeps the decision and delivers it once the coordinator is back; a resent request is the same decision, a different one a 409', async () => {
    const submitted = await analyst.submit(careByWijk);
    const last = submitted.approvers[submitted.approvers.length - 1];
    for (const org of submitted.approvers.slice(0, -1)) await steward(org).decide(submitted.id, 'approve');
    await until('the first decisions acknowledged', 30_000, async () =>
      (await Promise.all(submitted.approvers.slice(0, -1).map((org) => proposal(org, submitted.id)))).every(
        (p) => p.decisionDelivery === 'acknowledged',
      ),
    );

    await cluster.processes.coordinator.kill();
    const body = await signedBody(last, submitted.id);
    const first = await decide(last, submitted.id, body);
    expect((await proposal(last, submitted.id)).decisionDelivery).toBeNull();
    // The steward's client lost the answer and sends the same request again: the same decision, not a 409.
    expect(await decide(last, submitted.id, body)).toEqual(first);
    const other = await signedBody(last, submitted.id, 'reject', 'changed my mind');
    await expect(decide(last, submitted.id, other)).rejects.toMatchObject({ status: 409 });

    await cluster.processes.coordinator.start();
    expect(await released(submitted.id)).toMatchObject({ state: 'released' });
    expect((await proposal(last, submitted.id)).decisionDelivery).toBe('acknowledged');
    const recorded = (await coordinatorLog(submitted.id)).filter((e) => e.type === 'decision.recorded');
    expect(recorded.map((e) => e.actor).sort()).toEqual([...submitted.approvers].sort());
  }, 300_000);

  it('a steward approving while nats-server is down (killed, started again): the decision arrives and the query is released', async () => {
    const submitted = await analyst.submit(careByWijk);
    const last = submitted.approvers[submitted.approvers.length - 1];
    for (const org of submitted.approvers.slice(0, -1)) await steward(org).decide(submitted.id, 'approve');
    await until('the first decisions acknowledged', 30_000, async () =>
      (await Promise.all(submitted.approvers.slice(0, -1).map((org) => proposal(org, submitted.id)))).every(
        (p) => p.decisionDelivery === 'acknowledged',
      ),
    );

    await cluster.processes['nats-server'].kill();
    await steward(last).decide(submitted.id, 'approve');
    expect((await proposal(last, submitted.id)).state).toBe('approved');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await cluster.processes['nats-server'].start();

    expect(await released(submitted.id)).toMatchObject({ state: 'released', reason: null });
    expect((await proposal(last, submitted.id)).decisionDelivery).toBe('acknowledged');
    expect(
      (await coordinatorLog(submitted.id)).filter((e) => e.type === 'decision.recorded' && e.actor === last),
    ).toHaveLength(1);
  }, 300_000);

  it('the coordinator killed -9 after execution, mid-decryption, and started again: the query is released with nothing else done, each node answering with what it already sent', async () => {
    const submitted = await analyst.submit(careByWijk);
    const [paused, ...others] = ['schoolbestuur', ...submitted.approvers.filter((org) => org !== 'schoolbestuur')];
    // A key holder that hangs (SIGSTOP) holds the coordinator in the decryption step, after sterkhuis executed.
    await steward(paused).decide(submitted.id, 'approve');
    await until(
      "schoolbestuur's decision acknowledged",
      30_000,
      async () => (await proposal(paused, submitted.id)).decisionDelivery === 'acknowledged',
    );
    const node = cluster.processes['node-schoolbestuur'].process.child;
    node.kill('SIGSTOP');
    try {
      for (const org of others) await steward(org).decide(submitted.id, 'approve');
      await until('decryption requested', 60_000, async () =>
        (await coordinatorLog(submitted.id)).some((e) => e.type === 'decryption.requested'),
      );
      expect((await proposal('sterkhuis', submitted.id)).state).toBe('executed');
      await cluster.processes.coordinator.kill();
    } finally {
      node.kill('SIGCONT');
    }
    await cluster.processes.coordinator.start();

    expect(await released(submitted.id)).toMatchObject({ state: 'released' });
    const log = await coordinatorLog(submitted.id);
    // Asked again after the restart, sterkhuis sent the contribution it had sent, not a second encryption.
    const contributions = log.filter((e) => e.type === 'execution.completed').map((e) => e.details.contributions);
    expect(contributions).toHaveLength(2);
    expect(contributions[1]).toEqual(contributions[0]);
    expect(log.filter((e) => e.type === 'release.published')).toHaveLength(1);
    const decrypted = ((await ethics(cluster.nodes.schoolbestuur.url).audit()) as Entry[]).filter(
      (e) => e.queryId === submitted.id && e.type === 'decryption.performed',
    );
    expect(decrypted.map((e) => e.details.aggregateHash)).toEqual([
      decrypted[0].details.aggregateHash,
      decrypted[0].details.aggregateHash,
    ]);
    expect(decrypted[1].details.repeated).toBe(true);
    expect(await crossCheck(submitted.id)).toEqual([]);
  }, 300_000);

  it('a factor holder killed -9 mid-combination: the query fails with the reason within a minute, not at the hour-long step timeout', async () => {
    // Each factor holder's own account hears the requests to it: the first one asked to apply its factor is killed while it works.
    const factorHolders = ['ggd', 'schoolbestuur', 'sterkhuis'];
    const listeners = await Promise.all(
      factorHolders.map((org) => RawNats.connect(cluster.natsUrl, cluster.natsAccounts[org])),
    );
    const applies = listeners.map((listener, i) => listener.spy(subjects.combinationApply(factorHolders[i])));
    const submitted = await analyst.submit(riskFactorCombination({ atLeast: 2, purpose: `${PURPOSE}, combined` }));
    for (const org of submitted.approvers) await steward(org).decide(submitted.id, 'approve');
    const factorHolder = await until('a factor holder asked to apply its factor', 240_000, async () =>
      factorHolders.find((_, i) => applies[i].length > 0),
    );
    const killed = Date.now();
    await cluster.processes[`node-${factorHolder}`].kill();
    await Promise.all(listeners.map((listener) => listener.close()));
    try {
      const final = await released(submitted.id, 60_000);
      const seconds = (Date.now() - killed) / 1000;
      console.log(
        `combination failed ${seconds.toFixed(1)} s after its factor holder ${factorHolder} was killed mid-step: ${final.reason}`,
      );
      // The apply request had reached it: only the heartbeat can tell the coordinator, whose step timeout is an hour.
      expect(final).toMatchObject({
        state: 'failed',
        reason: expect.stringContaining(`${factorHolder} went away during the step`),
      });
      expect(seconds).toBeLessThan(60);
      const failed = (await coordinatorLog(submitted.id)).find((e) => e.type === 'query.failed')!;
      expect(failed.details.reason).toBe(final.reason);
    } finally {
      await cluster.processes[`node-${factorHolder}`].start();
    }
    // Started again, the node is back in the federation: the next query is released.
    const next = await analyst.submit(careByWijk);
    for (const org of next.approvers) await steward(org).decide(next.id, 'approve');
    expect(await released(next.id)).toMatchObject({ state: 'released' });
  }, 300_000);
});
