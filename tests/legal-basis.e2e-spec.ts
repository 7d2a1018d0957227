import { randomUUID } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { AuditEntry, processingRegister, RegisterRow } from '@bfa/audit';
import {
  DecisionStatement,
  QueryEnvelope,
  QuerySpec,
  queryHash,
  SignedDecision,
  subjects,
  verifyDecision,
} from '@bfa/protocol';
import { fetchFederationLogs } from '../apps/cli/src/roles/federation-audit';
import { AnalystClient, EthicsBoardClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';
import { bfa } from './support/bfa-cli';
import { RawNats } from './support/raw-nats';
import { coordinatorKey, startTestCluster } from './support/test-cluster';

/** GGD's policy also lists a DPIA whose review date has passed: queries naming it must be refused. */
const EXPIRED_DPIA = 'DPIA-GGD-OUD-2024';

function policiesWithExpiredDpia(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bfa-policies-'));
  cpSync(resolve(__dirname, '..', 'policies'), dir, { recursive: true });
  appendFileSync(
    join(dir, 'organisations', 'ggd.yaml'),
    `  - reference: ${EXPIRED_DPIA}\n    title: Gezondheidsmonitor 2024\n    reviewDate: "2025-12-31"\n`,
  );
  return dir;
}

const SIGNALS: QuerySpec = {
  ...DEMO_GROUNDS,
  dataset: 'risk_signals',
  measure: { kind: 'count' },
  groupBy: ['wijk'],
  filters: [{ field: 'year', op: 'eq', value: 2024 }],
  purpose: 'Smart Start: risk signals per wijk in 2024, to plan preventive support',
};

const MONITOR: QuerySpec = {
  ...DEMO_GROUNDS,
  legalBasis: 'uavg-24-onderzoek',
  retentionDays: 90,
  dataset: 'health_monitor',
  measure: { kind: 'count' },
  groupBy: ['age_band'],
  purpose: 'Research: the youth health monitor per age band, every year on record',
};

type Envelope = QueryEnvelope & { spec: QuerySpec };

describe('legal basis and DPIA in every query: refused at the node, signed by the stewards, in the processing register', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;
  let nats: RawNats;
  const released: { id: string; spec: QuerySpec; envelope: Envelope }[] = [];

  const nodeUrls = () => Object.fromEntries(Object.entries(cluster.nodes).map(([org, node]) => [org, node.url]));
  const ethicsKey = () => cluster.users['ethics.board'];
  const logArgs = () => [
    '--coordinator',
    cluster.coordinatorUrl,
    ...Object.entries(nodeUrls()).flatMap(([org, url]) => ['--node', `${org}=${url}`]),
    '--key',
    ethicsKey(),
  ];
  const ggdLog = () => new EthicsBoardClient(cluster.nodes.ggd.url, loadIdentity(ethicsKey())).audit();
  const steward = (org: string) => new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile);

  async function release(spec: QuerySpec): Promise<void> {
    const submitted = await analyst.submit(spec);
    for (const org of submitted.approvers) await steward(org).decide(submitted.id, 'approve');
    expect(await analyst.waitForState(submitted.id, ['released', 'failed', 'refused'])).toMatchObject({
      state: 'released',
    });
    const { envelope } = (await analyst.query(submitted.id)) as unknown as { envelope: Envelope };
    released.push({ id: submitted.id, spec, envelope });
  }

  /** A query proposed to GGD's node as a compromised coordinator would, past the coordinator's own check. */
  const proposalTo = (change: Partial<QuerySpec>): Envelope => ({
    ...released[0].envelope,
    id: randomUUID(),
    submittedAt: new Date().toISOString(),
    spec: { ...MONITOR, ...change },
    dataHolders: ['ggd'],
  });

  beforeAll(async () => {
    cluster = await startTestCluster('legal-basis', { policiesDir: policiesWithExpiredDpia() });
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    nats = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.coordinator, coordinatorKey(cluster));
    await release(SIGNALS);
    await release(MONITOR);
  });

  afterAll(async () => {
    await nats?.close();
    await cluster?.stop();
  });

  it("the steward's review shows the legal basis, the DPIA with its review date and the retention", async () => {
    const { review } = await steward('ggd').proposal<{ review: { grounds: unknown } }>(released[1].id);
    expect(review.grounds).toEqual({
      legalBasis: {
        id: 'uavg-24-onderzoek',
        label: 'Wetenschappelijk onderzoek en statistiek',
        article: 'UAVG art. 24 (met AVG art. 6 lid 1 sub e en art. 89)',
      },
      dpia: { reference: DEMO_GROUNDS.dpia, title: expect.any(String), reviewDate: '2028-06-30' },
      retentionDays: 90,
    });
  });

  it.each<[string, Partial<QuerySpec>, string]>([
    [
      'a legal basis GGD does not take part on',
      { legalBasis: 'avg-6-1-e-wmo' },
      "GGD Hart voor Brabant does not take part on legal basis 'avg-6-1-e-wmo'",
    ],
    [
      'a legal basis no policy lists',
      { legalBasis: 'avg-6-1-f-belang' },
      "legal basis 'avg-6-1-f-belang' is not one the platform policy lists",
    ],
    [
      'an expired DPIA',
      { dpia: EXPIRED_DPIA },
      `DPIA '${EXPIRED_DPIA}' was due for review on 2025-12-31: GGD Hart voor Brabant no longer accepts it`,
    ],
    ['an unknown DPIA', { dpia: 'DPIA-NERGENS-2026' }, "DPIA 'DPIA-NERGENS-2026' is unknown to GGD Hart voor Brabant"],
  ])('the node refuses %s, with the reason, and logs it; its steward is never asked', async (_what, change, reason) => {
    const envelope = proposalTo(change);
    const answer = await nats.request(subjects.proposal('ggd'), { envelope });
    expect(answer).toEqual({
      ok: true,
      value: {
        queryHash: queryHash(envelope),
        state: 'rejected',
        policy: { allowed: false, rule: expect.stringContaining(reason) },
      },
    });
    const logged = (await ggdLog()).filter((e) => e.queryId === envelope.id);
    expect(logged).toEqual([
      expect.objectContaining({
        type: 'proposal.received',
        details: expect.objectContaining({
          state: 'rejected',
          rule: expect.stringContaining(reason),
          legalBasis: envelope.spec.legalBasis,
          dpia: envelope.spec.dpia,
        }),
      }),
    ]);
    expect((await steward('ggd').inbox()).map((p) => p.queryId)).not.toContain(envelope.id);
  });

  it('the coordinator refuses the same before proposing anything, naming the partner and its reason', async () => {
    const before = (await analyst.queries()).length;
    await expect(analyst.submit({ ...MONITOR, dpia: EXPIRED_DPIA })).rejects.toMatchObject({
      status: 400,
      body: {
        message: expect.arrayContaining([
          expect.stringMatching(new RegExp(`^ggd: DPIA '${EXPIRED_DPIA}' was due for review on 2025-12-31`)),
        ]),
      },
    });
    await expect(analyst.submit({ ...MONITOR, retentionDays: 0 })).rejects.toMatchObject({
      status: 400,
      body: { message: [expect.stringMatching(/^retentionDays must not be less than 1/)] },
    });
    const { legalBasis: _left, ...withoutBasis } = MONITOR;
    await expect(analyst.submit(withoutBasis as QuerySpec)).rejects.toMatchObject({
      status: 400,
      body: { message: expect.arrayContaining([expect.stringMatching(/^legalBasis must be the id of a legal basis/)]) },
    });
    expect((await analyst.queries()).length).toBe(before);
  });

  it("a steward's signature no longer verifies once the legal basis or the DPIA is altered in transit, and the node refuses to run it", async () => {
    const { envelope } = released[1];
    const approvals = await Promise.all(
      ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'].map(
        async (org) => (await steward(org).proposal<{ decision: SignedDecision }>(envelope.id)).decision,
      ),
    );
    const ggd = approvals[1];
    const stewardKey = JSON.parse(readFileSync(join(cluster.dir, 'registry.json'), 'utf8')).organisations.ggd
      .stewardPublicKey;
    expect(verifyDecision(ggd, stewardKey)).toBe(true);
    for (const altered of [
      { legalBasis: 'avg-6-1-e-wpg' },
      { dpia: 'DPIA-GGD-JGZ-2025-02' },
      { retentionDays: 3650 },
    ]) {
      const tampered: Envelope = { ...envelope, spec: { ...envelope.spec, ...altered } };
      const statement: DecisionStatement = { ...ggd.statement, queryHash: queryHash(tampered) };
      expect(verifyDecision({ statement, signature: ggd.signature }, stewardKey)).toBe(false);
      const answer = await nats.request(subjects.execute('ggd'), { envelope: tampered, approvals });
      expect(answer).toEqual({
        ok: false,
        reason: `query ${envelope.id} differs from the query the steward reviewed (hash ${queryHash(tampered)})`,
      });
    }
    const refusals = (await ggdLog()).filter((e) => e.queryId === envelope.id && e.type === 'execution.refused');
    expect(refusals.map((e) => e.details.reason)).toEqual(
      Array(3).fill(expect.stringContaining('differs from the query the steward reviewed')),
    );
  });

  describe('the processing register and the privacy desk, from the logs', () => {
    let logs: { coordinator: AuditEntry[]; nodes: Record<string, AuditEntry[]> };
    let register: RegisterRow[];

    beforeAll(async () => {
      const out = join(cluster.dir, 'register');
      const { code, stdout } = await bfa(['ethics', 'export', '--register', ...logArgs(), '--out', `${out}.csv`]);
      expect(code).toBe(0);
      expect(stdout).toMatch(
        /^2 processing\(s\) from coordinator \(.*\), gemeente .* written to .*register\.csv and .*register\.json/,
      );
      register = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
      const csv: Record<string, string>[] = parse(readFileSync(`${out}.csv`, 'utf8'), { columns: true });
      expect(csv.map((row) => [row.queryId, row.legalBasis, row.dpia, row.retentionDays, row.releaseHash])).toEqual(
        register.map((row) => [row.queryId, row.legalBasis, row.dpia, String(row.retentionDays), row.releaseHash]),
      );
      logs = await fetchFederationLogs(cluster.coordinatorUrl, nodeUrls(), loadIdentity(ethicsKey()));
    });

    it('lists every query the analysts submitted, with the legal basis and DPIA they stated', () => {
      expect(register.map((row) => [row.queryId, row.legalBasis, row.dpia, row.retentionDays, row.purpose])).toEqual(
        released.map(({ id, spec }) => [id, spec.legalBasis, spec.dpia, spec.retentionDays, spec.purpose]),
      );
      expect(register[0]).toMatchObject({
        datasets: ['risk_signals'],
        period: '2024',
        outcome: 'released',
        partners: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'],
      });
      expect(register[1]).toMatchObject({
        datasets: ['health_monitor'],
        period: 'all',
        outcome: 'released',
        approvedBy: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'],
      });
    });

    it("equals what the logs say: the coordinator's entries, and every partner's own record of the query", () => {
      expect(register).toEqual(processingRegister(logs.coordinator, logs.nodes));
      for (const row of register) {
        const of = (type: string) => logs.coordinator.find((e) => e.queryId === row.queryId && e.type === type)!;
        expect(row).toMatchObject({
          queryHash: of('query.submitted').details.queryHash,
          submittedAt: of('query.submitted').time,
          legalBasis: of('query.submitted').details.legalBasis,
          dpia: of('query.submitted').details.dpia,
          partners: of('query.proposed').details.to,
          releaseHash: of('release.published').details.tableHash,
          outcomeAt: of('release.published').time,
        });
        expect(row.confirmedBy).toEqual(Object.keys(logs.nodes).sort());
        expect(row.discrepancies).toEqual([]);
        for (const entries of Object.values(logs.nodes)) {
          expect(
            entries.find((e) => e.queryId === row.queryId && e.type === 'proposal.received')?.details,
          ).toMatchObject({ legalBasis: row.legalBasis, dpia: row.dpia });
        }
      }
    });

    it("answers a privacy desk: which queries read which of GGD's datasets, for which years, never which children", async () => {
      const { code, stdout } = await bfa(['ethics', 'data-use', ...logArgs(), '--org', 'ggd', '--json']);
      expect(code).toBe(0);
      const uses = JSON.parse(stdout);
      expect(
        uses.map((u: { queryId: string; datasets: string[]; period: string; outcome: string }) => [
          u.queryId,
          u.datasets,
          u.period,
          u.outcome,
        ]),
      ).toEqual([
        [released[0].id, ['risk_signals'], '2024', 'released'],
        [released[1].id, ['health_monitor'], 'all', 'released'],
      ]);
      for (const use of uses)
        expect(Object.keys(use).sort()).toEqual([
          'datasets',
          'dpia',
          'legalBasis',
          'outcome',
          'period',
          'purpose',
          'queryId',
          'releaseHash',
          'requester',
          'usedAt',
        ]);
      const words = await bfa(['ethics', 'data-use', ...logArgs(), '--org', 'ggd', '--dataset', 'health_monitor']);
      expect(words.stdout).toContain(
        "ggd's node log records 1 query that read its dataset health_monitor over the whole log (health_monitor)",
      );
      expect(words.stdout).toContain('no log records which children were counted');
    });
  });
});
