/**
 * Issue 16's floor: the demo's region query (every wijk × 4 age bands with all totals; a count, and a sum with the
 * dominance and p% rules) through the whole platform, and the same queries through the same built processes with
 * BFA_BENCH_PLAINTEXT (the same messages and steps, no randomness, no partial decryptions, no proofs). Two local
 * clusters run side by side and the runs alternate, so the machine's other load falls on both alike. Latency is from
 * the last steward's approval (its node's `decision.signed`) to the coordinator's `release.published`, and each step
 * is timed from the signed audit logs' own timestamps.
 * Run: npm run bench:floor
 * Env: BENCH_RUNS (5 per query and mode), BENCH_SCALE (1: the whole region), BENCH_BITS (2048).
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { AuditEntry } from '@bfa/audit';
import { canonicalHash } from '@bfa/crypto';
import { BENCH_PLAINTEXT_PHRASE } from '@bfa/runtime';
import { QuerySpec } from '@bfa/protocol';
import { AnalystClient, EthicsBoardClient, loadIdentity } from '../deploy/local/clients';
import { LocalCluster, startLocalCluster } from '../deploy/local/cluster';
import { DEMO_QUERY } from '../deploy/local/demo-query';
import { runQuery } from '../deploy/local/run-query';
import { seedNodes } from '../deploy/local/seed-nodes';
import { fetchFederationLogs } from '../apps/cli/src/roles/federation-audit';

const ROOT = resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const BITS = Number(process.env.BENCH_BITS ?? 2048);
const MODES = ['encrypted', 'plaintext'] as const;
type Mode = (typeof MODES)[number];

const QUERIES: Record<string, QuerySpec> = {
  count: DEMO_QUERY,
  'sum with dominance': {
    ...DEMO_QUERY,
    measure: { kind: 'sum', field: 'duration_days' },
    purpose: 'Smart Start bench: days of youth care per wijk and age band in 2024',
  },
};

/** The points of one query's path in the signed logs, in order; each step is the time between two of them. */
const POINTS = [
  ['last approval', 'decision.signed', 'nodes'],
  ['approvals recorded', 'decision.recorded', 'coordinator'],
  ['dispatched', 'execution.dispatched', 'coordinator'],
  ['data holders: read, encrypt, sign', 'execution.performed', 'nodes'],
  ['coordinator: contributions received and checked', 'execution.completed', 'coordinator'],
  ['coordinator: aggregate, ask key holders', 'decryption.requested', 'coordinator'],
  ['key holders: check, re-aggregate, partial decryption and proofs', 'decryption.performed', 'nodes'],
  ['coordinator: partials received', 'decryption.received', 'coordinator'],
  ['coordinator: proofs, combine, disclosure control, publish', 'release.published', 'coordinator'],
] as const;

interface Run {
  mode: Mode;
  query: string;
  /** Each cluster runs the same queries in the same order: run i of one mode must release what run i of the other did. */
  run: number;
  queryId: string;
  seconds: number;
  steps: Record<string, number>;
  cells: number;
  /** The released table's cells (coordinates, value, suppressed), hashed: both modes must release the same table. */
  tableHash: string;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** The latest entry of `type` for the query in the coordinator's log, or across the nodes' logs. */
function pointsOf(queryId: string, coordinator: AuditEntry[], nodes: Record<string, AuditEntry[]>): number[] {
  const latest = (entries: AuditEntry[], type: string) =>
    Math.max(...entries.filter((e) => e.queryId === queryId && e.type === type).map((e) => Date.parse(e.time)));
  return POINTS.map(([, type, where]) =>
    where === 'coordinator'
      ? latest(coordinator, type)
      : Math.max(...Object.values(nodes).map((entries) => latest(entries, type))),
  );
}

async function runOnce(cluster: LocalCluster, mode: Mode, name: string, spec: QuerySpec, i: number): Promise<Run> {
  const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  const queryId = await runQuery(
    cluster,
    analyst,
    { ...spec, purpose: `${spec.purpose} (floor bench, ${mode}, run ${i + 1})` },
    `${name}, ${mode}`,
    600_000,
  );
  const ethics = new EthicsBoardClient(cluster.coordinatorUrl, loadIdentity(cluster.users['ethics.board']));
  const logs = await fetchFederationLogs(
    cluster.coordinatorUrl,
    Object.fromEntries(Object.entries(cluster.nodes).map(([org, node]) => [org, node.url])),
    ethics.http.identity,
  );
  const points = pointsOf(queryId, logs.coordinator, logs.nodes);
  const steps = Object.fromEntries(POINTS.slice(1).map(([step], k) => [step, (points[k + 1] - points[k]) / 1000]));
  const table = await analyst.release<{ cells: { coordinates: unknown; value: unknown; suppressed: unknown }[] }>(
    queryId,
  );
  const tableHash = canonicalHash(
    table.cells.map(({ coordinates, value, suppressed }) => ({ coordinates, value, suppressed })),
  );
  return {
    mode,
    query: name,
    run: i,
    queryId,
    seconds: (points[points.length - 1] - points[0]) / 1000,
    steps,
    cells: table.cells.length,
    tableHash,
  };
}

function start(mode: Mode): Promise<LocalCluster> {
  const plaintext = mode === 'plaintext' ? { BFA_BENCH_PLAINTEXT: BENCH_PLAINTEXT_PHRASE } : undefined;
  return startLocalCluster({
    dir: join(ROOT, '.data', 'bench', 'floor', mode),
    keyBits: BITS,
    nodeEnv: plaintext,
    coordinatorEnv: plaintext,
    seed: (nodesDir, orgs, policiesDir) =>
      seedNodes({
        nodesDir,
        orgs,
        policiesDir,
        scale: SCALE,
        through: 'function',
        cacheDir: join(ROOT, '.data', 'seed-exports'),
      }),
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(
    `the floor: the region query ${RUNS}× per query and mode, encrypted and in plaintext, seed scale ${SCALE}, ${BITS}-bit key`,
  );
  const clusters = { encrypted: await start('encrypted'), plaintext: await start('plaintext') };
  const runs: Run[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const [name, spec] of Object.entries(QUERIES)) {
        // Alternating: a burst of the machine's other load falls on both modes, not on one.
        for (const mode of i % 2 === 0 ? MODES : [...MODES].reverse())
          runs.push(await runOnce(clusters[mode], mode, name, spec, i));
      }
    }
  } finally {
    await Promise.all(Object.values(clusters).map((c) => c.stop()));
  }
  report(runs, started);
}

function summary(runs: Run[]) {
  const steps = Object.fromEntries(POINTS.slice(1).map(([step]) => [step, mean(runs.map((r) => r.steps[step]))]));
  return {
    runs: runs.length,
    medianSeconds: median(runs.map((r) => r.seconds)),
    meanSeconds: mean(runs.map((r) => r.seconds)),
    all: runs.map((r) => r.seconds),
    meanStepSeconds: steps,
    cells: runs[0]?.cells,
  };
}

function report(runs: Run[], startedAt: number): void {
  const byQuery = Object.fromEntries(
    Object.keys(QUERIES).map((name) => {
      const encrypted = summary(runs.filter((r) => r.query === name && r.mode === 'encrypted'));
      const plaintext = summary(runs.filter((r) => r.query === name && r.mode === 'plaintext'));
      const difference = Object.fromEntries(
        Object.keys(encrypted.meanStepSeconds).map((step) => [
          step,
          encrypted.meanStepSeconds[step] - plaintext.meanStepSeconds[step],
        ]),
      );
      // Per run: the release ledger makes a repeat's suppression differ from the first release's, alike in both modes.
      const mine = runs.filter((r) => r.query === name);
      const sameTable = mine.every((r) =>
        mine.filter((o) => o.run === r.run).every((o) => o.tableHash === r.tableHash),
      );
      return [
        name,
        {
          encrypted,
          plaintext,
          ratio: encrypted.medianSeconds / plaintext.medianSeconds,
          differencePerStepSeconds: difference,
          sameTableInBothModes: sameTable,
        },
      ];
    }),
  );
  for (const [name, q] of Object.entries(byQuery)) {
    console.log(
      `\n${name} (${q.encrypted.cells} cells released): last approval → release, median of ${q.encrypted.runs}`,
    );
    console.log(
      `  encrypted ${q.encrypted.medianSeconds.toFixed(2)} s, plaintext ${q.plaintext.medianSeconds.toFixed(2)} s: ratio ${q.ratio.toFixed(2)}; ${q.sameTableInBothModes ? 'the same table released in both modes' : 'the modes released DIFFERENT tables'}`,
    );
    for (const step of Object.keys(q.differencePerStepSeconds)) {
      console.log(
        `  ${step.padEnd(66)} ${q.encrypted.meanStepSeconds[step].toFixed(3).padStart(7)} s ${q.plaintext.meanStepSeconds[step].toFixed(3).padStart(7)} s  Δ ${q.differencePerStepSeconds[step].toFixed(3).padStart(7)} s`,
      );
    }
  }
  // The machine's load average as the run ends: eight sessions share these cores, and every figure here with them.
  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    openssl: process.versions.openssl,
    date: new Date().toISOString(),
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
  };
  const out = join(__dirname, 'results', 'baseline.json');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      {
        machine,
        config: { runs: RUNS, scale: SCALE, bits: BITS, partners: 4 },
        latency: 'last approval (decision.signed) → release.published, from the signed logs',
        queries: byQuery,
        runs,
        benchSeconds: (Date.now() - startedAt) / 1000,
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten to ${out} (${machine.cores} × ${machine.cpu}, load average ${machine.loadAverage.join(' ')})`);
  if (!Object.values(byQuery).every((q) => q.sameTableInBothModes)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
