import { Browser, Page } from 'playwright-core';
import { AuditEntry } from '@bfa/audit';
import { PROTOCOL_VERSION } from '@bfa/protocol';
import { AnalystClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';
import { riskFactorCombination } from '../deploy/local/risk-factors';
import { TIMELINE_PAGE } from '../apps/console/src/ethics/filter';
import { launchChromium } from './support/console-browser';
import { expectAccessible, openEthicsBoard, runTwoQueries } from './support/console-ethics';
import { RawNats } from './support/raw-nats';
import { heartbeatAnsweredAs, olderNodeInPlace, upgradedNode } from './support/rolling-upgrade';
import { COMBINATION_SCALE, startTestCluster } from './support/test-cluster';
import { until } from './support/until';
import {
  ethicsClient,
  lengthenCoordinatorLog,
  loadWholeTimeline,
  logUrls,
  readBothWays,
  statusOf,
  timelineTotal,
  verifyLongLogs,
} from './support/timeline-paging';

/**
 * Operations on one running federation: a long audit timeline read page by page (the API and the ethics board's
 * console in Debian's chromium), and a rolling upgrade, with a node that reports an older protocol version.
 */
describe('paging through the audit logs, and a rolling upgrade, on a real cluster', () => {
  let cluster: LocalCluster;
  let browser: Browser;
  let page: Page;
  let analyst: AnalystClient;
  const steward = (org: string) => new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile);
  const keyed = (entries: AuditEntry[], log: string) => entries.map((e) => `${log} ${e.seq}`);
  /** To whom the coordinator's log says the query was proposed, and what they refused, once it says so. */
  const proposedTo = (queryId: string) =>
    until(`query ${queryId} proposed`, 60_000, async () => {
      const log = await ethicsClient(cluster, cluster.coordinatorUrl).audit();
      const proposed = log.find((e) => e.queryId === queryId && e.type === 'query.proposed');
      return proposed && (proposed.details as { to: string[]; refusals: string[] });
    });

  beforeAll(async () => {
    cluster = await startTestCluster('rolling-upgrade', { scale: COMBINATION_SCALE });
    browser = await launchChromium();
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    await runTwoQueries(cluster);
    // With the rest of the federation's logs, a timeline of more than two of the console's pages.
    await lengthenCoordinatorLog(cluster, TIMELINE_PAGE + 50);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  it('pages through every log after the last entry read: no entry lost or read twice, the same as one read', async () => {
    for (const [log, url] of Object.entries(logUrls(cluster))) {
      const { whole, paged } = await readBothWays(ethicsClient(cluster, url), 7);
      // The log may grow between the two reads (heads are exchanged every minute): the paged one goes on from there.
      expect([log, paged.slice(0, whole.length)]).toEqual([log, whole]);
      expect([log, paged.map((e) => e.seq)]).toEqual([log, paged.map((_, i) => i + 1)]);
    }
    const coordinator = ethicsClient(cluster, cluster.coordinatorUrl);
    const { whole } = await readBothWays(coordinator, 500);
    expect(whole.length).toBeGreaterThan(TIMELINE_PAGE + 50);
    expect(await coordinator.auditPage(whole[whole.length - 1].seq + 1_000, 5)).toEqual([]);
    expect((await coordinator.auditPage(10, 3)).map((e) => e.seq)).toEqual([11, 12, 13]);
  }, 120_000);

  it('refuses a bad cursor or page size with a 400 naming it, at the coordinator and at a node', async () => {
    for (const url of [cluster.coordinatorUrl, cluster.nodes.ggd.url]) {
      const client = ethicsClient(cluster, url);
      expect(await statusOf(client, '/audit?limit=0')).toEqual([400, 'limit must be a whole number from 1 to 1000']);
      expect(await statusOf(client, '/audit?limit=1001')).toEqual([400, 'limit must be a whole number from 1 to 1000']);
      expect(await statusOf(client, '/audit?after=-3&limit=5')).toEqual([
        400,
        'after must be the seq of the last entry you have (a whole number, 0 for the start)',
      ]);
      expect((await statusOf(client, '/audit?after=abc'))[0]).toBe(400);
      expect((await statusOf(client, '/audit?after=1&after=2'))[0]).toBe(400);
    }
  }, 60_000);

  it("lists the ethics board's timeline a page at a time, by keyboard to its end, every entry once", async () => {
    const before: Record<string, AuditEntry[]> = Object.fromEntries(
      await Promise.all(
        Object.entries(logUrls(cluster)).map(async ([log, url]) => [log, await ethicsClient(cluster, url).audit()]),
      ),
    );
    page = await openEthicsBoard(browser, cluster);
    await verifyLongLogs(page, cluster);
    const total = await timelineTotal(page);
    expect(total).toBeGreaterThan(2 * TIMELINE_PAGE);
    const listed = await loadWholeTimeline(page);
    // Each press adds the next page (the last one what is left), and the first page is the top of the timeline.
    expect(listed.map((rows) => rows.length)).toEqual(listed.map((_, i) => Math.min(total, (i + 1) * TIMELINE_PAGE)));
    listed.slice(1).forEach((rows, i) => expect(rows.slice(0, listed[i].length)).toEqual(listed[i]));
    const rows = listed[listed.length - 1];
    expect(new Set(rows).size).toBe(rows.length);
    expect(rows).toHaveLength(total);
    const after = await Promise.all(
      Object.entries(logUrls(cluster)).map(async ([log, url]) => keyed(await ethicsClient(cluster, url).audit(), log)),
    );
    const shown = new Set(rows);
    expect(
      Object.entries(before).flatMap(([log, entries]) => keyed(entries, log).filter((k) => !shown.has(k))),
    ).toEqual([]);
    const known = new Set(after.flat());
    expect(rows.filter((row) => !known.has(row))).toEqual([]);
    // The button went with the last page; the keyboard's focus is on what says how far the table goes.
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('timeline-listed');
    await page.getByText(`In de tabel: regel 1 tot en met ${total} van ${total}.`).waitFor();
    expect(await expectAccessible(page, 'ethics-timeline-paged')).toEqual([]);
  }, 300_000);

  it("announces every process's protocol version to the ethics board", async () => {
    const versions = await ethicsClient(cluster, cluster.coordinatorUrl).http.get('/protocol');
    expect(versions).toEqual({
      coordinator: PROTOCOL_VERSION,
      nodes: {
        gemeente: PROTOCOL_VERSION,
        ggd: PROTOCOL_VERSION,
        schoolbestuur: PROTOCOL_VERSION,
        sterkhuis: PROTOCOL_VERSION,
      },
    });
    // Asked with the coordinator's own version, signed: each node shows it to its IT staff (loopback /metrics).
    const metrics = await (await fetch(`${cluster.nodes.ggd.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^bfa_coordinator_protocol_version ${PROTOCOL_VERSION}$`, 'm'));
  }, 60_000);

  it('refuses a combination before any proposal or data moves while a partner runs an older node, naming it and the version it needs', async () => {
    let standIn: RawNats = await olderNodeInPlace(cluster, 'sterkhuis', {});
    try {
      expect(await ethicsClient(cluster, cluster.coordinatorUrl).http.get('/protocol')).toMatchObject({
        nodes: { sterkhuis: 'unannounced', ggd: PROTOCOL_VERSION },
      });
      const first = await analyst.submit(riskFactorCombination({ atLeast: 2, purpose: 'Upgrade test: during it' }));
      const refused = await analyst.waitForState(first.id, ['refused', 'rejected', 'failed', 'executing'], 60_000);
      expect(refused.state).toBe('refused');
      expect(refused.reason).toMatch(
        /^sterkhuis's node announces no protocol version .*; a combination .* needs version 3 or later at every partner it reaches: upgrade sterkhuis's node first$/,
      );

      // Nothing reached any partner: no node's log names the query, and the coordinator's says it was never proposed.
      for (const org of ['gemeente', 'ggd', 'schoolbestuur'])
        expect([
          org,
          (await ethicsClient(cluster, cluster.nodes[org].url).audit()).filter((e) => e.queryId === first.id),
        ]).toEqual([org, []]);
      const coordinatorLog = (await ethicsClient(cluster, cluster.coordinatorUrl).audit()).filter(
        (e) => e.queryId === first.id,
      );
      expect(coordinatorLog.map((e) => e.type)).toEqual(['query.submitted', 'query.refused']);
      expect(coordinatorLog[1].details.reasons).toEqual([refused.reason]);

      // A node that announces version 1 outright is refused the same way, by its version.
      await standIn.close();
      standIn = await heartbeatAnsweredAs(cluster, 'sterkhuis', { protocolVersion: 1 });
      const second = await analyst.submit(riskFactorCombination({ atLeast: 2, purpose: 'Upgrade test: version 1' }));
      const again = await analyst.waitForState(second.id, ['refused', 'rejected', 'failed', 'executing'], 60_000);
      expect([again.state, again.reason]).toEqual([
        'refused',
        expect.stringMatching(/^sterkhuis's node speaks protocol version 1; a combination .* needs version 3 or later/),
      ]);

      // A node of version 2 sends a mean's magnitudes without the smallest value: the mean is refused before proposal.
      await standIn.close();
      standIn = await heartbeatAnsweredAs(cluster, 'sterkhuis', { protocolVersion: 2 });
      const mean = await analyst.submit({
        ...DEMO_GROUNDS,
        dataset: 'youth_care_trajectories',
        measure: { kind: 'mean', field: 'duration_days' },
        groupBy: ['wijk', 'age_band'],
        filters: [{ field: 'year', op: 'eq', value: 2024 }],
        purpose: 'Upgrade test: a mean at version 2',
      });
      const meanRefused = await analyst.waitForState(mean.id, ['refused', 'rejected', 'failed', 'executing'], 60_000);
      expect([meanRefused.state, meanRefused.reason]).toEqual([
        'refused',
        "sterkhuis's node speaks protocol version 2; a mean (its magnitudes carry the smallest value) needs version 3 or later at every partner it reaches: upgrade sterkhuis's node first",
      ]);

      // A query every version can do passes the check and is proposed; only the stand-in, which answers nothing but
      // its heartbeat, does not answer its proposal (a node in the middle of its restart doesn't either).
      const plain = await analyst.submit({
        ...DEMO_GROUNDS,
        dataset: 'health_monitor',
        measure: { kind: 'count' },
        groupBy: ['age_band'],
        purpose: 'Upgrade test: a count any node can do',
      });
      const proposal = await proposedTo(plain.id);
      expect(proposal.to).toEqual(expect.arrayContaining(['ggd', 'sterkhuis']));
      expect(proposal.refusals).toEqual([
        expect.stringMatching(/^sterkhuis did not answer on node\.sterkhuis\.query\.proposed/),
      ]);
      await steward('ggd').waitForProposal(plain.id, 60_000);
      expect((await analyst.waitForState(plain.id, ['refused'], 60_000)).reason).not.toMatch(/protocol version/);
    } finally {
      await upgradedNode(cluster, 'sterkhuis', standIn);
    }

    // Upgraded: the same combination is proposed to every partner (and ended here by a rejection: it need not run).
    expect(
      (await ethicsClient(cluster, cluster.coordinatorUrl).http.get<{ nodes: object }>('/protocol')).nodes,
    ).toEqual({
      gemeente: PROTOCOL_VERSION,
      ggd: PROTOCOL_VERSION,
      schoolbestuur: PROTOCOL_VERSION,
      sterkhuis: PROTOCOL_VERSION,
    });
    const upgraded = await analyst.submit(riskFactorCombination({ atLeast: 2, purpose: 'Upgrade test: after it' }));
    const proposal = await proposedTo(upgraded.id);
    expect([[...proposal.to].sort(), proposal.refusals]).toEqual([[...upgraded.approvers].sort(), []]);
    for (const org of upgraded.approvers) await steward(org).waitForProposal(upgraded.id, 60_000);
    expect(upgraded.approvers).toContain('sterkhuis');
    expect((await analyst.query(upgraded.id)).state).toBe('proposed');
    await steward('gemeente').decide(upgraded.id, 'reject', 'only a test of the upgrade');
    expect((await analyst.waitForState(upgraded.id, ['rejected'], 60_000)).state).toBe('rejected');
  }, 600_000);
});
