/**
 * Issue 6 through the platform: a risk-factor combination over the region's children of 2024 (≈ 100,000 at
 * seed scale 1.16), with nats-server, the coordinator and four partner nodes as real processes on this one
 * machine (they share its cores), 2048-bit threshold key, real sqlite files. The precomputation (each node's
 * rⁿ pool, filled in the background from start) is measured and reported apart from the query itself.
 * Run: npm run bench:cluster
 * Env: BENCH_CHILDREN (100000), BENCH_BITS (2048), BENCH_AT_LEAST (2), BENCH_WAIT_FOR_POOLS (1; 0 submits at once,
 * so the steps compute their rⁿ on demand).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { AuditEntry } from '@bfa/audit';
import { AnalystClient, EthicsBoardClient, loadIdentity, SignedHttp } from '../deploy/local/clients';
import { LocalCluster, startLocalCluster } from '../deploy/local/cluster';
import { riskFactorCombination } from '../deploy/local/risk-factors';
import { runQuery } from '../deploy/local/run-query';
import { seedNodes } from '../deploy/local/seed-nodes';
import { fetchFederationLogs } from '../apps/cli/src/roles/federation-audit';
import { RandomizerSupplyStatus } from '../apps/node/src/precompute/randomizer-supply';
import { CHILDREN_AT_SCALE_1 } from '../libs/combination/src/testing/seeded-combination';
import { riskFactorTruth } from '../tests/support/risk-factor-truth';

const ROOT = resolve(__dirname, '..');
const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 100_000);
const BITS = Number(process.env.BENCH_BITS ?? 2048);
const AT_LEAST = Number(process.env.BENCH_AT_LEAST ?? 2);
const WAIT_FOR_POOLS = process.env.BENCH_WAIT_FOR_POOLS !== '0';
/** Every partner encrypts or re-randomises each child once; the population holder a few aggregates more. */
const POOL = Math.ceil(CHILDREN * 1.01) + 64;
const HOUR = 3_600_000;

type Cell = { coordinates: Record<string, string>; value: number | null; suppressed: boolean; rule?: string };
type Table = { cells: Cell[]; minCellSize: number };

interface StepFigure {
  step: string;
  seconds: number;
}

const seconds = (from: number, to = Date.now()) => (to - from) / 1000;

/** Asked as each node's own steward: the fill says how large a population a query covered, so it is signed like every route. */
function randomizerStatus(cluster: LocalCluster): Promise<Record<string, RandomizerSupplyStatus>> {
  const asSteward = (node: LocalCluster['nodes'][string]) =>
    new SignedHttp(node.url, loadIdentity(node.stewardKeyFile));
  return Promise.all(
    Object.entries(cluster.nodes).map(
      async ([org, node]) => [org, await asSteward(node).get<RandomizerSupplyStatus>('/randomizers')] as const,
    ),
  ).then(Object.fromEntries);
}

/** Polls every node's pool until all are full; what each node reports of its own fill is the precomputation figure. */
async function waitForPools(
  cluster: LocalCluster,
  startedAt: number,
): Promise<{ wallSeconds: number; nodes: Record<string, RandomizerSupplyStatus> }> {
  for (;;) {
    const status = await randomizerStatus(cluster);
    const ready = Object.values(status).reduce((sum, s) => sum + Math.min(s.ready, s.target), 0);
    const target = Object.values(status).reduce((sum, s) => sum + s.target, 0);
    console.log(
      `  pools ${ready.toLocaleString('en')} / ${target.toLocaleString('en')} rⁿ after ${seconds(startedAt).toFixed(0)} s (${(ready / Math.max(seconds(startedAt), 1)).toFixed(0)}/s across the four nodes)`,
    );
    if (Object.values(status).every((s) => s.ready >= s.target && !s.filling))
      return { wallSeconds: seconds(startedAt), nodes: status };
    await new Promise((r) => setTimeout(r, 15_000));
  }
}

/** The run step by step, from the signed audit logs' own timestamps: coordinator dispatch, each partner's step, decryption, release. */
function stepsFromLogs(queryId: string, coordinator: AuditEntry[], nodes: Record<string, AuditEntry[]>): StepFigure[] {
  const at = (entry: AuditEntry | undefined) => (entry ? Date.parse(entry.time) : NaN);
  const mine = (entries: AuditEntry[]) => entries.filter((e) => e.queryId === queryId);
  const find = (entries: AuditEntry[], type: string, step?: unknown) =>
    mine(entries).find((e) => e.type === type && (step === undefined || e.details.step === step));
  const dispatched = at(find(coordinator, 'execution.dispatched'));
  const decrypted = Math.max(
    ...Object.values(nodes)
      .map((entries) => at(find(entries, 'decryption.performed')))
      .filter((t) => !Number.isNaN(t)),
  );
  const performed = Object.entries(nodes)
    .flatMap(([org, entries]) =>
      mine(entries)
        .filter((e) => e.type === 'execution.performed')
        .map((e) => ({ org, step: e.details.step, time: at(e) })),
    )
    .sort((a, b) => a.time - b.time);
  const events = [
    { step: 'dispatch', time: dispatched },
    ...performed.map((p, i) => ({
      step:
        i === 0
          ? `${p.org}: pseudonymise, encrypt, shuffle, seal`
          : p.step === 'manifest'
            ? `${p.org}: take the chunks, open, aggregate, sign manifest`
            : `${p.org}: take the chunks, open, apply factor, shuffle, seal`,
      time: p.time,
    })),
    { step: 'coordinator: manifest received', time: at(find(coordinator, 'execution.completed')) },
    { step: 'key holders: check manifest, partial decryptions', time: decrypted },
    { step: 'coordinator: combine, protect, publish', time: at(find(coordinator, 'release.published')) },
  ];
  return events.slice(1).map((e, i) => ({ step: e.step, seconds: (e.time - events[i].time) / 1000 }));
}

/** Released grid cells (wijk × age band; the margins are checked by tests/combination.e2e-spec.ts) against the four sqlite files read directly: exact except withheld and suppressed cells. */
async function checkAgainstTruth(
  cluster: LocalCluster,
  table: Table,
): Promise<{ exact: boolean; released: number; population: number }> {
  const truth = await riskFactorTruth((org) => join(cluster.nodes[org].dataDir, 'records.sqlite'), {
    atLeast: AT_LEAST,
  });
  let released = 0;
  const exact = table.cells.every((cell) => {
    if (cell.suppressed || !/^WK/.test(String(cell.coordinates.wijk)) || cell.coordinates.age_band === 'Totaal')
      return true;
    released++;
    return truth.cells.get(`${cell.coordinates.wijk}|${cell.coordinates.age_band}`)?.count === cell.value;
  });
  return { exact, released, population: truth.population.length };
}

/** Peak resident memory of each process (Linux), read before the cluster stops. */
function peakMemoryMB(cluster: LocalCluster): Record<string, number> {
  const peak = (pid?: number) =>
    Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  return Object.fromEntries(
    Object.entries(cluster.nodes).map(([org, node]) => [org, Math.round(peak(node.process.child.pid))]),
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const scale = CHILDREN / CHILDREN_AT_SCALE_1;
  console.log(
    `combination through the platform: ≈${CHILDREN.toLocaleString('en')} children (seed scale ${scale.toFixed(3)}), 4 factors at 4 partners, ${BITS}-bit key, at least ${AT_LEAST} factors, pools of ${POOL.toLocaleString('en')} rⁿ per node`,
  );
  const cluster = await startLocalCluster({
    dir: join(ROOT, '.data', 'bench', 'combination-cluster'),
    keyBits: BITS,
    nodeEnv: { BFA_RANDOMIZER_POOL: String(POOL) },
    seed: (nodesDir, orgs, policiesDir) => seedNodes({ nodesDir, orgs, policiesDir, scale, through: 'function' }),
  });
  const nodesUp = Date.now();
  console.log(`  key ceremony, seeding and start: ${seconds(started).toFixed(0)} s`);
  try {
    const pools = WAIT_FOR_POOLS ? await waitForPools(cluster, nodesUp) : undefined;
    const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    const query = riskFactorCombination({
      atLeast: AT_LEAST,
      purpose: 'Smart Start bench: children with several risk factors at once, per wijk, the whole region',
    });
    const submittedAt = Date.now();
    const queryId = await runQuery(cluster, analyst, query, 'the whole region through the platform', 3 * HOUR);
    const querySeconds = seconds(submittedAt);
    const ethics = new EthicsBoardClient(cluster.coordinatorUrl, loadIdentity(cluster.users['ethics.board']));
    const logs = await fetchFederationLogs(
      cluster.coordinatorUrl,
      Object.fromEntries(Object.entries(cluster.nodes).map(([org, node]) => [org, node.url])),
      ethics.http.identity,
    );
    const steps = stepsFromLogs(queryId, logs.coordinator, logs.nodes);
    const check = await checkAgainstTruth(cluster, await analyst.release<Table>(queryId));
    const memory = peakMemoryMB(cluster);
    report({ pools, querySeconds, steps, check, memory, startedAt: started });
  } finally {
    await cluster.stop();
  }
}

function report(run: {
  pools?: Awaited<ReturnType<typeof waitForPools>>;
  querySeconds: number;
  steps: StepFigure[];
  check: Awaited<ReturnType<typeof checkAgainstTruth>>;
  memory: Record<string, number>;
  startedAt: number;
}): void {
  console.log(
    `\nprecomputation (each node's pool, in the background from start, four nodes sharing ${cpus().length} cores):`,
  );
  if (run.pools) {
    for (const [org, s] of Object.entries(run.pools.nodes))
      console.log(
        `  ${org.padEnd(14)} ${s.lastFill?.count.toLocaleString('en').padStart(9)} rⁿ in ${s.lastFill?.seconds.toFixed(0).padStart(5)} s (${s.lastFill?.perSecond.toFixed(1)}/s, ${s.threads} threads)`,
      );
    console.log(`  all four pools full after ${run.pools.wallSeconds.toFixed(0)} s`);
  } else console.log('  not waited for: the steps computed their rⁿ on demand');
  console.log(
    `\nquery, submission to release: ${run.querySeconds.toFixed(1)} s over ${run.check.population.toLocaleString('en')} children; ${run.check.released} cells released, ${run.check.exact ? 'all equal to' : 'NOT equal to'} the sqlite files`,
  );
  for (const s of run.steps) console.log(`  ${s.step.padEnd(58)} ${s.seconds.toFixed(1).padStart(7)} s`);
  console.log(`  peak memory per node (MB): ${JSON.stringify(run.memory)}`);
  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    openssl: process.versions.openssl,
    date: new Date().toISOString(),
  };
  const out = join(__dirname, 'results', 'combination-cluster.json');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const precompute = run.pools && {
    poolPerNode: POOL,
    allFullAfterSeconds: run.pools.wallSeconds,
    nodes: Object.fromEntries(
      Object.entries(run.pools.nodes).map(([org, s]) => [org, { ...s.lastFill, threads: s.threads }]),
    ),
  };
  writeFileSync(
    out,
    JSON.stringify(
      {
        machine,
        config: {
          children: run.check.population,
          bits: BITS,
          atLeast: AT_LEAST,
          partners: 4,
          waitedForPools: WAIT_FOR_POOLS,
        },
        precompute,
        query: {
          seconds: run.querySeconds,
          steps: run.steps,
          cellsReleased: run.check.released,
          exact: run.check.exact,
        },
        peakMemoryMB: run.memory,
        benchSeconds: seconds(run.startedAt),
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten to ${out} in ${seconds(run.startedAt).toFixed(0)} s (${machine.cores} × ${machine.cpu})`);
  if (!run.check.exact) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
