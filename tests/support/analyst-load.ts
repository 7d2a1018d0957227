import { AuditEntry } from '@bfa/audit';
import { DecisionStatement, QuerySpec, signDecision } from '@bfa/protocol';
import {
  AnalystClient,
  EthicsBoardClient,
  HttpError,
  Identity,
  loadIdentity,
  SignedHttp,
} from '../../deploy/local/clients';
import { LocalCluster } from '../../deploy/local/cluster';
import { DEMO_GROUNDS } from '../../deploy/local/grounds';

/**
 * Many analysts at once, each submitting its queries concurrently, while every partner's steward approves whatever
 * lands in its inbox through the node's HTTP API; then an account of every query: none lost, none duplicated.
 * Shared by the load bench (bench/load-cluster.bench.ts) and its lighter e2e test (tests/load.e2e-spec.ts).
 */

export const FINAL = ['released', 'rejected', 'refused', 'failed'];
const PURPOSE = 'Smart Start load test: how many children per wijk and age band, for prevention planning';

/** The load's analysts: `analyst.load01` … */
export const loadAnalysts = (count: number) =>
  Array.from({ length: count }, (_, i) => `analyst.load${String(i + 1).padStart(2, '0')}`);

type Base = Pick<QuerySpec, 'dataset' | 'measure'> & { filters: QuerySpec['filters'] };
const count = { kind: 'count' as const };
const sum = (field: string) => ({ kind: 'sum' as const, field });
const eq = (field: string, value: string | boolean) => ({ field, op: 'eq' as const, value });

/** Counts and sums over every dataset of the catalog, with and without a filter on one of its fields. */
const BASES: Base[] = [
  { dataset: 'risk_signals', measure: count, filters: [] },
  { dataset: 'risk_signals', measure: sum('severity'), filters: [] },
  { dataset: 'risk_signals', measure: count, filters: [{ field: 'signal', op: 'in', value: ['poverty', 'debt'] }] },
  { dataset: 'risk_signals', measure: count, filters: [eq('signal', 'youth_care')] },
  { dataset: 'children_households', measure: count, filters: [eq('low_income', true)] },
  { dataset: 'children_households', measure: sum('child_budget_eur'), filters: [] },
  { dataset: 'children_households', measure: count, filters: [eq('social_assistance', true)] },
  { dataset: 'children_households', measure: count, filters: [eq('debt_support', true)] },
  { dataset: 'youth_care_trajectories', measure: count, filters: [] },
  {
    dataset: 'youth_care_trajectories',
    measure: sum('duration_days'),
    filters: [{ field: 'care_form', op: 'in', value: ['ambulant', 'residential'] }],
  },
  { dataset: 'youth_care_trajectories', measure: count, filters: [eq('out_of_home', true)] },
  { dataset: 'youth_care_trajectories', measure: count, filters: [eq('care_form', 'foster_care')] },
  { dataset: 'health_monitor', measure: count, filters: [eq('overweight', true)] },
  { dataset: 'health_monitor', measure: count, filters: [eq('parent_mental_health_care', true)] },
  { dataset: 'health_monitor', measure: count, filters: [eq('domestic_violence_report', true)] },
  { dataset: 'pupils', measure: count, filters: [] },
  { dataset: 'pupils', measure: sum('absence_hours'), filters: [] },
  { dataset: 'pupils', measure: sum('pupil_weight'), filters: [] },
];
const SHAPES = [['wijk', 'age_band'], ['wijk'], ['age_band']].flatMap((groupBy) =>
  [2024, 2023].map((year) => ({ groupBy, year })),
);

/** The i-th query of the load: no two alike for the first BASES × SHAPES (108), the datasets taking turns. */
export function loadQuery(i: number): QuerySpec {
  const base = BASES[i % BASES.length];
  const shape = SHAPES[Math.floor(i / BASES.length) % SHAPES.length];
  return {
    ...DEMO_GROUNDS,
    dataset: base.dataset,
    measure: base.measure,
    groupBy: shape.groupBy,
    filters: [{ field: 'year', op: 'eq', value: shape.year }, ...(base.filters ?? [])],
    purpose: PURPOSE,
  };
}

export interface Submitted {
  id: string;
  analyst: string;
  approvers: string[];
  submittedAt: number;
}

export interface LoadRun {
  submitted: Submitted[];
  /** Submissions the coordinator refused outright (no id), with its answer. */
  refusedAtSubmission: { analyst: string; reason: string }[];
  /** Each submitted query's final state and reason, as the coordinator lists it. */
  final: Map<string, { state: string; reason: string | null }>;
  /** When each query's last approval was answered by its node (ms). */
  lastApprovalAt: Map<string, number>;
  /** `queryId|org` of every approval a node took. */
  approvedBy: Set<string>;
  /** Approvals (and inbox reads) a node did not accept: a finding unless the query had already ended otherwise. */
  approvalErrors: { org: string; queryId: string | null; status: number; message: string }[];
  startedAt: number;
  endedAt: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One steward: polls the inbox and approves each pending proposal, each approval on its own (one slow answer holds
 * up no other); one that failed (a reset connection, a timeout) is tried again at the next poll while still pending.
 */
async function stewardLoop(
  node: LocalCluster['nodes'][string],
  run: Pick<LoadRun, 'lastApprovalAt' | 'approvedBy' | 'approvalErrors'>,
  stopped: () => boolean,
): Promise<void> {
  const key = loadIdentity(node.stewardKeyFile) as Identity & { org: string };
  const http = new SignedHttp(node.url, key, `the node of ${node.org}`);
  const approving = new Map<string, Promise<void>>();
  const approved = (queryId: string) => run.approvedBy.has(`${queryId}|${node.org}`);
  const approve = async ({ queryId, queryHash }: { queryId: string; queryHash: string }) => {
    const statement: DecisionStatement = {
      queryId,
      queryHash,
      org: node.org,
      decision: 'approve',
      reason: '',
      decidedAt: new Date().toISOString(),
    };
    const { signature } = signDecision(statement, key.secretKey);
    try {
      await http.post(`/steward/queries/${queryId}/decision`, {
        decision: 'approve',
        reason: '',
        decidedAt: statement.decidedAt,
        signature,
      });
      run.lastApprovalAt.set(queryId, Date.now());
      run.approvedBy.add(`${queryId}|${node.org}`);
    } catch (error) {
      run.approvalErrors.push({
        org: node.org,
        queryId,
        status: error instanceof HttpError ? error.status : 0,
        message: (error as Error).message,
      });
    } finally {
      approving.delete(queryId);
    }
  };
  while (!stopped()) {
    const inbox = await http
      .get<{ queryId: string; queryHash: string }[]>('/steward/queries?state=pending')
      .catch((error: Error) => {
        run.approvalErrors.push({
          org: node.org,
          queryId: null,
          status: error instanceof HttpError ? error.status : 0,
          message: `inbox: ${error.message}`,
        });
        return [];
      });
    for (const proposal of inbox)
      if (!approving.has(proposal.queryId) && !approved(proposal.queryId))
        approving.set(proposal.queryId, approve(proposal));
    await sleep(250);
  }
  await Promise.all(approving.values());
}

/** Every analyst submits its `queriesEach` queries at once; stewards approve; returns when every query has ended, or at the timeout. */
export async function runAnalystLoad(
  cluster: LocalCluster,
  analysts: string[],
  queriesEach: number,
  timeoutMs: number,
  onProgress: (byState: Record<string, number>) => void = () => undefined,
): Promise<LoadRun> {
  const run: LoadRun = {
    submitted: [],
    refusedAtSubmission: [],
    final: new Map(),
    lastApprovalAt: new Map(),
    approvedBy: new Set(),
    approvalErrors: [],
    startedAt: Date.now(),
    endedAt: 0,
  };
  let done = false;
  const stewards = Object.values(cluster.nodes).map((node) => stewardLoop(node, run, () => done));
  const ethics = new EthicsBoardClient(cluster.coordinatorUrl, loadIdentity(cluster.users['ethics.board']));
  try {
    await Promise.all(
      analysts.map((analyst, a) => {
        const client = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users[analyst]));
        return Promise.all(
          Array.from({ length: queriesEach }, async (_, q) => {
            const submittedAt = Date.now();
            try {
              const answer = await client.submit(loadQuery(a * queriesEach + q));
              run.submitted.push({ id: answer.id, analyst, approvers: answer.approvers, submittedAt });
            } catch (error) {
              if (!(error instanceof HttpError) || error.status >= 500) throw error;
              run.refusedAtSubmission.push({ analyst, reason: error.message });
            }
          }),
        );
      }),
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const listed = await ethics.http.get<{ id: string; state: string }[]>('/queries');
      const ended = listed.filter((q) => FINAL.includes(q.state)).length;
      onProgress(
        listed.reduce<Record<string, number>>(
          (states, q) => ({ ...states, [q.state]: (states[q.state] ?? 0) + 1 }),
          {},
        ),
      );
      if (
        ended >= run.submitted.length &&
        run.submitted.every((s) => listed.some((q) => q.id === s.id && FINAL.includes(q.state)))
      )
        break;
      // The account then names each query that had not ended: a finding, with the figures of those that had.
      if (Date.now() > deadline) break;
      await sleep(1_000);
    }
  } finally {
    done = true;
    await Promise.all(stewards);
  }
  run.endedAt = Date.now();
  for (const { id } of run.submitted) {
    const view = await ethics.http.get<{ state: string; reason: string | null }>(`/queries/${id}`);
    run.final.set(id, { state: view.state, reason: view.reason });
  }
  return run;
}

export interface LoadAccount {
  /** Everything that breaks "none lost, none duplicated": empty when the run is sound. */
  problems: string[];
  byState: Record<string, number>;
  /** Each released query: submission to release, last approval to release (ms, from the coordinator's audit log). */
  latencies: { submissionToRelease: number[]; lastApprovalToRelease: number[] };
  /** First submission to the last release published (s). */
  spanSeconds: number;
}

const tally = (ids: string[]) =>
  ids.reduce((map, id) => map.set(id, (map.get(id) ?? 0) + 1), new Map<string, number>());

/**
 * Compares what was submitted with the coordinator's query list and audit log, and with each node's proposals and
 * audit log: every query listed once, ended once, released at most once (exactly once if released), proposed once
 * to each of its approvers and approved once by each.
 */
export async function accountFor(cluster: LocalCluster, run: LoadRun): Promise<LoadAccount> {
  const endedOtherwise = (id: string | null) =>
    id !== null && ['refused', 'rejected', 'failed'].includes(run.final.get(id)?.state ?? '');
  // An approval that failed and was taken when tried again (a reset connection) is no finding; a 5xx always is.
  const problems = run.approvalErrors
    .filter(
      (e) =>
        e.status >= 500 ||
        (e.queryId === null
          ? e.status !== 0
          : !endedOtherwise(e.queryId) && !run.approvedBy.has(`${e.queryId}|${e.org}`)),
    )
    .map((e) => `${e.org} did not take an approval of ${e.queryId}: ${e.message}`);
  const ids = run.submitted.map((s) => s.id);
  const mine = new Set(ids);
  for (const [id, n] of tally(ids)) if (n > 1) problems.push(`id ${id} answered to ${n} submissions`);
  const ethicsIdentity = loadIdentity(cluster.users['ethics.board']);
  const listed = (await new SignedHttp(cluster.coordinatorUrl, ethicsIdentity).get<{ id: string }[]>('/queries')).map(
    (q) => q.id,
  );
  const listedCount = tally(listed);
  for (const id of ids)
    if (listedCount.get(id) !== 1) problems.push(`coordinator lists ${id} ${listedCount.get(id) ?? 0} times`);
  for (const id of listed) if (!mine.has(id)) problems.push(`coordinator lists ${id}, which no analyst submitted`);
  const byState: Record<string, number> = {};
  for (const id of ids) {
    const final = run.final.get(id);
    byState[final?.state ?? 'unknown'] = (byState[final?.state ?? 'unknown'] ?? 0) + 1;
    if (!final || !FINAL.includes(final.state)) problems.push(`${id} did not end: ${final?.state}`);
    else if (final.state !== 'released' && !final.reason) problems.push(`${id} ${final.state} without a reason`);
  }
  const coordinatorLog = await new EthicsBoardClient(cluster.coordinatorUrl, ethicsIdentity).audit();
  const published = entriesByQuery(coordinatorLog, 'release.published');
  for (const id of ids) {
    const expected = run.final.get(id)?.state === 'released' ? 1 : 0;
    if ((published.get(id)?.length ?? 0) !== expected)
      problems.push(
        `${id} (${run.final.get(id)?.state}) has ${published.get(id)?.length ?? 0} releases published, not ${expected}`,
      );
  }
  const recorded = entriesByQuery(coordinatorLog, 'decision.recorded');
  for (const s of run.submitted)
    problems.push(...decisionProblems('the coordinator recorded', s, recorded.get(s.id) ?? [], run));
  problems.push(...(await nodeProblems(cluster, run, ethicsIdentity)));
  const submittedAt = new Map(run.submitted.map((s) => [s.id, s.submittedAt]));
  const releasedAt = new Map(
    [...published].filter(([id]) => mine.has(id)).map(([id, [entry]]) => [id, Date.parse(entry.time)]),
  );
  const latencies = {
    submissionToRelease: [...releasedAt].map(([id, at]) => at - submittedAt.get(id)!).sort((a, b) => a - b),
    lastApprovalToRelease: [...releasedAt]
      .filter(([id]) => run.lastApprovalAt.has(id))
      .map(([id, at]) => at - run.lastApprovalAt.get(id)!)
      .sort((a, b) => a - b),
  };
  const firstSubmission = Math.min(...run.submitted.map((s) => s.submittedAt));
  const lastRelease = Math.max(...releasedAt.values(), firstSubmission);
  return { problems, byState, latencies, spanSeconds: (lastRelease - firstSubmission) / 1000 };
}

function entriesByQuery(log: AuditEntry[], type: string): Map<string, AuditEntry[]> {
  const map = new Map<string, AuditEntry[]>();
  for (const entry of log)
    if (entry.type === type && entry.queryId) map.set(entry.queryId, [...(map.get(entry.queryId) ?? []), entry]);
  return map;
}

/** Each approver holds each of its queries once and signed one approval for it; no node holds a query no analyst sent. */
async function nodeProblems(cluster: LocalCluster, run: LoadRun, ethics: Identity): Promise<string[]> {
  const problems: string[] = [];
  const mine = new Set(run.submitted.map((s) => s.id));
  for (const node of Object.values(cluster.nodes)) {
    const steward = new SignedHttp(node.url, loadIdentity(node.stewardKeyFile));
    const held = tally((await steward.get<{ queryId: string }[]>('/steward/queries')).map((p) => p.queryId));
    const signed = entriesByQuery(await new EthicsBoardClient(node.url, ethics).audit(), 'decision.signed');
    for (const s of run.submitted.filter((q) => q.approvers.includes(node.org))) {
      if (held.get(s.id) !== 1) problems.push(`${node.org} holds ${s.id} ${held.get(s.id) ?? 0} times`);
      const mineSigned = (signed.get(s.id) ?? []).map((entry) => ({ ...entry, actor: node.org }));
      problems.push(...decisionProblems(`${node.org} signed`, { ...s, approvers: [node.org] }, mineSigned, run));
    }
    for (const id of held.keys())
      if (!mine.has(id)) problems.push(`${node.org} holds ${id}, which no analyst submitted`);
  }
  return problems;
}

/** At most one decision per approver (an entry's actor at the coordinator); exactly one from each for a released query. */
function decisionProblems(who: string, query: Submitted, decisions: AuditEntry[], run: LoadRun): string[] {
  const released = run.final.get(query.id)?.state === 'released';
  return query.approvers.flatMap((org) => {
    const n = decisions.filter((d) => d.actor === org).length;
    return n > 1 || (released && n !== 1)
      ? [`${who} ${n} decisions of ${org} on ${query.id} (${run.final.get(query.id)?.state})`]
      : [];
  });
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
