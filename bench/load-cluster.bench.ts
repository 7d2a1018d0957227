/**
 * Issue 13's load: fifty analysts at once, two queries each, submitted concurrently, while each partner's steward
 * approves everything in its inbox through its node's HTTP API; nats-server, the coordinator and four nodes as real
 * processes on this one machine (they share its cores), 2048-bit threshold key, real sqlite files. Then an account
 * of every query (none lost, none duplicated) and the figures: queries/s, p50/p99 latency.
 * Run: npm run bench:load
 * Env: BENCH_ANALYSTS (50), BENCH_QUERIES_EACH (2), BENCH_SCALE (0.2, the tests' share of the region), BENCH_BITS (2048),
 * BENCH_WAIT_MINUTES (60: then the figures of the queries that ended, and each one that had not named as a problem).
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalCluster } from '../deploy/local/cluster';
import { seedNodes } from '../deploy/local/seed-nodes';
import {
  accountFor,
  LoadAccount,
  loadAnalysts,
  LoadRun,
  percentile,
  runAnalystLoad,
} from '../tests/support/analyst-load';

const ROOT = resolve(__dirname, '..');
const ANALYSTS = Number(process.env.BENCH_ANALYSTS ?? 50);
const QUERIES_EACH = Number(process.env.BENCH_QUERIES_EACH ?? 2);
const SCALE = Number(process.env.BENCH_SCALE ?? 0.2);
const BITS = Number(process.env.BENCH_BITS ?? 2048);
const WAIT_MS = Number(process.env.BENCH_WAIT_MINUTES ?? 60) * 60_000;

const seconds = (from: number, to = Date.now()) => (to - from) / 1000;
const figure = (sorted: number[]) => ({
  p50: percentile(sorted, 50) / 1000,
  p99: percentile(sorted, 99) / 1000,
  max: (sorted[sorted.length - 1] ?? NaN) / 1000,
});

async function main(): Promise<void> {
  const started = Date.now();
  const analysts = loadAnalysts(ANALYSTS);
  console.log(
    `load through the platform: ${ANALYSTS} analysts × ${QUERIES_EACH} queries at once, stewards approving through the API, seed scale ${SCALE}, ${BITS}-bit key`,
  );
  const cluster = await startLocalCluster({
    dir: join(ROOT, '.data', 'bench', 'load-cluster'),
    keyBits: BITS,
    nodeTimeoutMs: 120_000,
    extraAnalysts: analysts,
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
  console.log(`  key ceremony, seeding and start: ${seconds(started).toFixed(0)} s`);
  try {
    let said = 0;
    const progress = (byState: Record<string, number>) => {
      if (Date.now() - said < 15_000) return;
      said = Date.now();
      console.log(`  after ${seconds(started).toFixed(0)} s: ${JSON.stringify(byState)}`);
    };
    const run = await runAnalystLoad(cluster, analysts, QUERIES_EACH, WAIT_MS, progress);
    const account = await accountFor(cluster, run);
    report(run, account, started, Object.keys(cluster.nodes).length);
  } finally {
    await cluster.stop();
  }
}

function report(run: LoadRun, account: LoadAccount, startedAt: number, partners: number): void {
  const released = account.byState.released ?? 0;
  const perSecond = released / account.spanSeconds;
  const submission = figure(account.latencies.submissionToRelease);
  const approval = figure(account.latencies.lastApprovalToRelease);
  const reasons = [...run.final.values()].filter((f) => f.state !== 'released').map((f) => `${f.state}: ${f.reason}`);
  console.log(
    `\n${run.submitted.length} queries accepted, ${run.refusedAtSubmission.length} refused at submission; final states ${JSON.stringify(account.byState)}`,
  );
  for (const reason of [...new Set([...reasons, ...run.refusedAtSubmission.map((r) => `at submission: ${r.reason}`)])])
    console.log(`  ${reason.slice(0, 300)}`);
  console.log(
    `  ${released} released in ${account.spanSeconds.toFixed(1)} s from the first submission: ${perSecond.toFixed(2)} queries/s`,
  );
  console.log(
    `  submission → release:    p50 ${submission.p50.toFixed(1)} s, p99 ${submission.p99.toFixed(1)} s, max ${submission.max.toFixed(1)} s`,
  );
  console.log(
    `  last approval → release: p50 ${approval.p50.toFixed(1)} s, p99 ${approval.p99.toFixed(1)} s, max ${approval.max.toFixed(1)} s`,
  );
  console.log(
    account.problems.length === 0
      ? '  none lost, none duplicated'
      : `  ${account.problems.length} PROBLEMS:\n    ${account.problems.join('\n    ')}`,
  );
  // The machine's load average as the run ends: other work on the same cores slows every figure here.
  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    openssl: process.versions.openssl,
    date: new Date().toISOString(),
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
  };
  const out = join(__dirname, 'results', 'load-cluster.json');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const result = {
    machine,
    config: { analysts: ANALYSTS, queriesEach: QUERIES_EACH, scale: SCALE, bits: BITS, partners },
    submitted: run.submitted.length,
    refusedAtSubmission: run.refusedAtSubmission.length,
    byState: account.byState,
    releasedPerSecond: perSecond,
    spanSeconds: account.spanSeconds,
    latencySeconds: { submissionToRelease: submission, lastApprovalToRelease: approval },
    noneLostOrDuplicated: account.problems.length === 0,
    problems: account.problems,
    benchSeconds: seconds(startedAt),
  };
  writeFileSync(out, JSON.stringify(result, null, 2));
  console.log(
    `\nwritten to ${out} in ${seconds(startedAt).toFixed(0)} s (${machine.cores} × ${machine.cpu}, load average ${machine.loadAverage.join(' ')})`,
  );
  if (account.problems.length > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
