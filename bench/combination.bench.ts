/**
 * Issue 6's combination protocol end to end: one population holder (gemeente) and three factor holders in a
 * chain, a 3-of-4 threshold key, the seeded region's own data. Run:
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/combination.bench.ts
 * Env: BENCH_CHILDREN (100000: the children of the year, every one of them travels the chain), BENCH_POPULATION_SHARE
 * (1: the share of them in the query's population, the rest outside its filters), BENCH_BITS (2048), BENCH_MEASURES
 * (all,atLeast,outcomeByCount; also histogram, patterns: the cocktail analyses, the school board's bit as the outcome), BENCH_POOL_SAMPLE (200 rⁿ per partner), BENCH_REAL_POOLS=1 (precompute every rⁿ for real instead of
 * recycling a sample: ~1 h at 100,000), BENCH_OUT (results/combination.json, relative to bench/).
 */
// @bfa/combination reaches @bfa/protocol's class-validator DTOs (through the envelope's query), which need it.
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { randBetween } from 'bigint-crypto-utils';
import {
  combineThresholdPartials,
  generateBoxKeyPair,
  generateSigningKeyPair,
  generateThresholdKey,
  modPower,
  PaillierEncryptor,
  PaillierPublicKeyJson,
  RandomizerPool,
  RandomizerSource,
  thresholdPartialDecrypt,
  ThresholdKey,
} from '@bfa/crypto';
import {
  applyFactor,
  checkAggregateRequest,
  combinationLayout,
  CombinationMeasure,
  CombinationQuery,
  finishCombination,
  openSealedPseudonymSecret,
  PartyContext,
  protectCocktail,
  pseudonymSet,
  PseudonymSecret,
  readCombinationResult,
  runPseudonymCeremony,
  SealedHop,
  serialiseManifest,
  serialiseSealedHop,
  startCombination,
} from '@bfa/combination';
import {
  FACTOR_HOLDERS,
  plaintextHistograms,
  SeededCombination,
  seededCombination,
  withPopulationFilter,
} from '../libs/combination/src/testing/seeded-combination';

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 100_000);
const POPULATION_SHARE = Number(process.env.BENCH_POPULATION_SHARE ?? 1);
const BITS = Number(process.env.BENCH_BITS ?? 2048);
const MEASURES = (process.env.BENCH_MEASURES ?? 'all,atLeast,outcomeByCount').split(',');
const POOL_SAMPLE = Number(process.env.BENCH_POOL_SAMPLE ?? 200);
const REAL_POOLS = process.env.BENCH_REAL_POOLS === '1';
const THRESHOLD = 3;
const K = 10;
const MEASURE: Record<string, CombinationMeasure> = {
  all: { kind: 'all' },
  atLeast: { kind: 'atLeast', m: 2 },
  histogram: { kind: 'histogram' },
  patterns: { kind: 'patterns' },
  outcomeByCount: { kind: 'outcomeByCount' },
};
/** The cocktail analyses: three risk factors in chain order, the last holder's bit as the outcome. */
const COCKTAIL = {
  factors: ['low income', 'youth care', 'parent in mental-health care'],
  outcome: 'school-disadvantage weight',
};

interface StepFigure {
  step: string;
  party: string;
  seconds: number;
  /** What this step sends on: the serialised sealed hop, or the manifest, or the partials. */
  bytesOut: number;
}

interface PrecomputeFigure {
  /** One rⁿ mod n² (= one Enc(0)) on one core of this machine. */
  msPerRandomizer: number;
  /** The same, when the four partners' processes run at once on this machine (they share its cores). */
  concurrentMsPerRandomizer: number;
  concurrentSpeedup: number;
  /** The DJN short-exponent alternative (h^α, α of 448 bits): not used, for comparison only. */
  shortExponentMs: number;
  randomizersPerPartner: Record<string, number>;
  /** Extrapolated: each partner on its own machine, one core. */
  perPartnerSecondsOneCore: Record<string, number>;
  /** Extrapolated: all four partners' pools on this one machine, its cores shared. */
  allPartnersSecondsHere: number;
  measured: boolean;
}

interface MeasureRun {
  measure: string;
  /** Cocktail analyses: the released table (grid × pattern or number of factors × outcome, with totals) and its protection. */
  cocktail?: { tableCells: number; suppressedCells: number; protectSeconds: number };
  blocks: number;
  cellsReleased: number;
  cellsWithheld: number;
  steps: StepFigure[];
  hotPathSeconds: number;
  bytesPerHop: number;
  exact: boolean;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

function timed<T>(work: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const result = work();
  return [result, seconds(start)];
}

/** Timing only: hands out a small set of real rⁿ over and over. Reusing randomness breaks privacy; never outside a bench. */
class RecycledRandomizers implements RandomizerSource {
  private next = 0;
  constructor(private readonly values: bigint[]) {}
  take(): bigint {
    return this.values[this.next++ % this.values.length];
  }
}

interface ChildTiming {
  startedAt: number;
  endedAt: number;
}

/** The four partners' pool precomputations as four processes started together: what this machine does if it hosts them all. */
async function poolsInChildren(publicKey: PaillierPublicKeyJson, count: number): Promise<ChildTiming[]> {
  const children = FACTOR_HOLDERS.map(() =>
    fork(__filename, ['--pool-child'], {
      execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    }),
  );
  const reply = <T>(child: ReturnType<typeof fork>) =>
    new Promise<T>((resolve, reject) => child.once('message', (m) => resolve(m as T)).once('error', reject));
  const ready = children.map((child) => reply<'ready'>(child));
  children.forEach((child) => child.send({ publicKey, count }));
  await Promise.all(ready);
  const done = children.map((child) => reply<ChildTiming>(child));
  children.forEach((child) => child.send('go'));
  const timings = await Promise.all(done);
  children.forEach((child) => child.disconnect());
  return timings;
}

function runPoolChild(): void {
  let pool: RandomizerPool;
  let count = 0;
  process.on('message', (message: 'go' | { publicKey: PaillierPublicKeyJson; count: number }) => {
    if (message !== 'go') {
      pool = new RandomizerPool(new PaillierEncryptor(message.publicKey));
      count = message.count;
      pool.take(); // warm up OpenSSL's Diffie–Hellman object
      return process.send!('ready');
    }
    const startedAt = Date.now();
    pool.fill(count);
    process.send!({ startedAt, endedAt: Date.now() } satisfies ChildTiming);
  });
}

/** rⁿ on one core, and with the four partners' processes at once on this machine; plus a sample each partner's steps recycle. */
async function precompute(
  key: ThresholdKey,
  randomizersPerPartner: Record<string, number>,
): Promise<{ figure: PrecomputeFigure; samples: Record<string, bigint[]> }> {
  const encryptor = new PaillierEncryptor(key.publicKey);
  for (let i = 0; i < 20; i++) encryptor.randomizer(); // the first few are slower (JIT, caches)
  const [samples, sampleSeconds] = timed(() =>
    Object.fromEntries(
      FACTOR_HOLDERS.map((org) => [org, Array.from({ length: POOL_SAMPLE }, () => encryptor.randomizer())]),
    ),
  );
  const msPerRandomizer = (sampleSeconds * 1000) / (POOL_SAMPLE * FACTOR_HOLDERS.length);
  const timings = await poolsInChildren(key.publicKey, POOL_SAMPLE);
  const window = Math.max(...timings.map((t) => t.endedAt)) - Math.min(...timings.map((t) => t.startedAt));
  const concurrentMsPerRandomizer = window / (POOL_SAMPLE * FACTOR_HOLDERS.length);
  const h = encryptor.randomizer();
  const [, shortSeconds] = timed(() =>
    Array.from({ length: 20 }, () => modPower(h, randBetween(1n << 448n), encryptor.n2)),
  );
  const total = Object.values(randomizersPerPartner).reduce((sum, n) => sum + n, 0);
  return {
    samples,
    figure: {
      msPerRandomizer,
      concurrentMsPerRandomizer,
      concurrentSpeedup: msPerRandomizer / concurrentMsPerRandomizer,
      shortExponentMs: (shortSeconds * 1000) / 20,
      randomizersPerPartner,
      perPartnerSecondsOneCore: Object.fromEntries(
        Object.entries(randomizersPerPartner).map(([org, n]) => [org, (n * msPerRandomizer) / 1000]),
      ),
      allPartnersSecondsHere: (total * concurrentMsPerRandomizer) / 1000,
      measured: REAL_POOLS,
    },
  };
}

/** With BENCH_REAL_POOLS=1 a real pool per partner and query (its fill timed apart); else the recycled sample. */
function randomizersFor(
  fed: Federation,
  samples: Record<string, bigint[]>,
  perPartner: Record<string, number>,
): { source: (org: string) => RandomizerSource; fills?: Record<string, number> } {
  if (!REAL_POOLS) {
    const recycled = Object.fromEntries(FACTOR_HOLDERS.map((org) => [org, new RecycledRandomizers(samples[org])]));
    return { source: (org) => recycled[org] };
  }
  const pools: Record<string, RandomizerPool> = {};
  const fills: Record<string, number> = {};
  for (const org of FACTOR_HOLDERS) {
    pools[org] = new RandomizerPool(new PaillierEncryptor(fed.key.publicKey));
    [, fills[org]] = timed(() => pools[org].fill(perPartner[org]));
    console.log(`  real pool for ${org}: ${perPartner[org]} rⁿ in ${fills[org].toFixed(1)} s`);
  }
  return { source: (org) => pools[org], fills };
}

interface Federation {
  key: ThresholdKey;
  secrets: Record<string, PseudonymSecret>;
  context: (query: CombinationQuery, org: string, randomizers: RandomizerSource) => PartyContext;
  secretId: string;
}

async function federation(): Promise<Federation> {
  const key = await generateThresholdKey(BITS, FACTOR_HOLDERS, THRESHOLD);
  const box = Object.fromEntries(FACTOR_HOLDERS.map((org) => [org, generateBoxKeyPair()]));
  const signing = Object.fromEntries(FACTOR_HOLDERS.map((org) => [org, generateSigningKeyPair()]));
  const directory = {
    boxPublicKeys: Object.fromEntries(FACTOR_HOLDERS.map((org) => [org, box[org].publicKey])),
    signingPublicKeys: Object.fromEntries(FACTOR_HOLDERS.map((org) => [org, signing[org].publicKey])),
  };
  const ceremony = runPseudonymCeremony(FACTOR_HOLDERS.map((org) => ({ org, boxPublicKey: box[org].publicKey })));
  const secrets = Object.fromEntries(
    ceremony.sealedSecrets.map((s) => [s.holder, openSealedPseudonymSecret(s, box[s.holder].secretKey)]),
  );
  const context = (query: CombinationQuery, org: string, randomizers: RandomizerSource): PartyContext => ({
    query,
    org,
    encryptor: new PaillierEncryptor(key.publicKey),
    randomizers,
    signingSecretKey: signing[org].secretKey,
    boxSecretKey: box[org].secretKey,
    directory,
    editions: [],
  });
  return { key, secrets, context, secretId: ceremony.secretId };
}

function queryOf(fed: Federation, data: SeededCombination, name: string): CombinationQuery {
  return {
    queryId: `bench-${name}-${Date.now()}`,
    secretId: fed.secretId,
    keyId: fed.key.publicKey.keyId,
    measure: MEASURE[name],
    populationHolder: 'gemeente',
    factorHolders: FACTOR_HOLDERS,
    cells: data.cells,
    minRecords: K,
  };
}

/** Per cell, the children per slot of the cocktail encodings, straight from the plaintext bits. */
function plaintextSlots(query: CombinationQuery, data: SeededCombination): number[][] {
  const sets = FACTOR_HOLDERS.slice(1).map((org) => new Set(data.factors[org]));
  const f = FACTOR_HOLDERS.length;
  const slots = data.cells.map(() => new Array<number>(query.measure.kind === 'patterns' ? 2 ** f : 2 * f).fill(0));
  for (const child of data.population) {
    if (child.cell === null) continue;
    const bits = [child.factor === true, ...sets.map((set) => set.has(child.childId))];
    const risks = bits.slice(0, -1).filter(Boolean).length;
    slots[child.cell][
      query.measure.kind === 'patterns'
        ? bits.reduce((p, b, i) => p + (b ? 1 << i : 0), 0)
        : risks + (bits[f - 1] ? f : 0)
    ]++;
  }
  return slots;
}

function expectedCounts(query: CombinationQuery, data: SeededCombination): (number | number[])[] {
  if (query.measure.kind === 'patterns' || query.measure.kind === 'outcomeByCount') return plaintextSlots(query, data);
  return plaintextHistograms(data).map((h) =>
    query.measure.kind === 'all'
      ? h[4]
      : query.measure.kind === 'atLeast'
        ? h.slice(query.measure.m).reduce((s, x) => s + x, 0)
        : h,
  );
}

let lastCells: ReturnType<typeof readCombinationResult> = [];

/** The coordinator's release of a cocktail analysis: the linked table, the frequency rule, complementary suppression (HiGHS), the estimates. */
async function protectRun(run: MeasureRun): Promise<MeasureRun> {
  const kind = MEASURE[run.measure].kind;
  if (kind !== 'patterns' && kind !== 'outcomeByCount') return run;
  const start = process.hrtime.bigint();
  const { table } = await protectCocktail({ analysis: kind, ...COCKTAIL }, lastCells, K);
  const cocktail = {
    tableCells: table.cells.length,
    suppressedCells: table.protection.suppressedCells,
    protectSeconds: seconds(start),
  };
  console.log(
    `  ${run.measure.padEnd(9)} ${'7 protect the cocktail table, estimate'.padEnd(42)} ${'coordinator'.padEnd(14)} ${cocktail.protectSeconds.toFixed(2).padStart(8)} s  ${cocktail.tableCells} cells, ${cocktail.suppressedCells} suppressed`,
  );
  return { ...run, cocktail };
}

function runMeasure(
  fed: Federation,
  data: SeededCombination,
  name: string,
  randomizers: (org: string) => RandomizerSource,
): MeasureRun {
  const query = queryOf(fed, data, name);
  const steps: StepFigure[] = [];
  const record = (step: string, party: string, time: number, bytesOut: number) => {
    steps.push({ step, party, seconds: time, bytesOut });
    console.log(
      `  ${name.padEnd(9)} ${step.padEnd(42)} ${party.padEnd(14)} ${time.toFixed(2).padStart(8)} s ${(bytesOut / 1e6).toFixed(1).padStart(8)} MB`,
    );
  };
  const gemeente = fed.context(query, 'gemeente', randomizers('gemeente'));
  const [started, startTime] = timed(() => startCombination(gemeente, fed.secrets.gemeente, data.population));
  record('1 pseudonymise, encrypt, shuffle, seal', 'gemeente', startTime, serialiseSealedHop(started.hop).length);
  let hop: SealedHop = started.hop;
  for (const org of FACTOR_HOLDERS.slice(1)) {
    const [withFactor, pseudonymTime] = timed(() => pseudonymSet(fed.secrets[org], query.queryId, data.factors[org]));
    record(`2 pseudonymise own ${data.factors[org].length} clients`, org, pseudonymTime, 0);
    const [next, hopTime] = timed(() => applyFactor(fed.context(query, org, randomizers(org)), hop, withFactor));
    hop = next;
    record('2 open, check, apply factor, shuffle, seal', org, hopTime, serialiseSealedHop(hop).length);
  }
  const [manifest, finishTime] = timed(() => finishCombination(gemeente, started.state, hop));
  record('3 open, aggregate per block, sign', 'gemeente', finishTime, serialiseManifest(manifest).length);
  const signingPublicKeys = gemeente.directory.signingPublicKeys;
  const [check, checkTime] = timed(() => checkAggregateRequest(query, manifest, fed.key.publicKey, signingPublicKeys));
  if (!check.ok) throw new Error(check.reason);
  record('4 key holder checks the manifest', 'each holder', checkTime, 0);
  const partials = fed.key.shares.slice(1, 1 + THRESHOLD).map((share) => {
    const [values, time] = timed(() => thresholdPartialDecrypt(share, check.aggregates));
    record(`5 partial decryption of ${check.aggregates.length} blocks`, share.holder, time, values.join('').length);
    return { holder: share.holder, keyId: share.keyId, values };
  });
  const [cells, combineTime] = timed(() =>
    readCombinationResult(query, manifest, combineThresholdPartials(fed.key.publicKey, partials), fed.key.publicKey),
  );
  record('6 combine partials, unpack, check', 'coordinator', combineTime, 0);
  const expected = expectedCounts(query, data);
  const slots = (cell: (typeof cells)[number]) =>
    cell.count ??
    cell.histogram ??
    cell.patterns ??
    (cell.byCount && [
      ...cell.byCount.children.map((n, s) => n - cell.byCount!.withOutcome[s]),
      ...cell.byCount.withOutcome,
    ]);
  const exact = cells.every((cell, i) => cell.withheld || JSON.stringify(slots(cell)) === JSON.stringify(expected[i]));
  const layout = combinationLayout(query, data.population.length, BITS);
  const hops = steps.filter((s) => s.step.startsWith('1') || s.step.startsWith('2 open'));
  lastCells = cells;
  return {
    measure: name,
    blocks: layout.blocks,
    cellsReleased: cells.filter((c) => !c.withheld).length,
    cellsWithheld: manifest.withheld.length,
    steps,
    hotPathSeconds: steps.reduce((s, x) => s + x.seconds, 0),
    bytesPerHop: hops.reduce((s, x) => s + x.bytesOut, 0) / hops.length,
    exact,
  };
}

function printSummary(pre: PrecomputeFigure, runs: MeasureRun[], children: number): void {
  console.log(
    `\nprecomputation (rⁿ mod n² = Enc(0), one per record at every partner, ${pre.measured ? 'MEASURED' : `EXTRAPOLATED from ${POOL_SAMPLE} per partner`}):`,
  );
  console.log(
    `  one rⁿ: ${pre.msPerRandomizer.toFixed(2)} ms on one core; ${pre.concurrentMsPerRandomizer.toFixed(2)} ms each with the 4 partners' processes at once here (${pre.concurrentSpeedup.toFixed(2)}× on ${cpus().length} cores)`,
  );
  for (const [org, s] of Object.entries(pre.perPartnerSecondsOneCore))
    console.log(
      `  ${org.padEnd(14)} ${String(pre.randomizersPerPartner[org]).padStart(8)} rⁿ ${s.toFixed(0).padStart(7)} s on one core of its own machine`,
    );
  console.log(
    `  all four partners' pools on this ${cpus().length}-core machine: ${pre.allPartnersSecondsHere.toFixed(0)} s; in parallel on their own machines: ${Math.max(...Object.values(pre.perPartnerSecondsOneCore)).toFixed(0)} s (÷ cores per node)`,
  );
  console.log(`  (not used) short-exponent randomizer h^α, α of 448 bits: ${pre.shortExponentMs.toFixed(2)} ms`);
  const poolWall = Math.max(...Object.values(pre.perPartnerSecondsOneCore));
  console.log(
    `\nper query: hot path = the steps above one after another in one process; pools precomputed ahead (else add them: ${poolWall.toFixed(0)} s with each partner on one core of its own machine, ${pre.allPartnersSecondsHere.toFixed(0)} s with all four on this machine)`,
  );
  console.log(
    `${'measure'.padEnd(9)} ${'children'.padStart(9)} ${'blocks'.padStart(7)} ${'released'.padStart(9)} ${'hot path s'.padStart(11)} ${'MB/hop'.padStart(8)} ${'B/record'.padStart(9)} ${'total s, pools at query time'.padStart(29)}  exact`,
  );
  for (const r of runs) {
    const total = r.hotPathSeconds + poolWall;
    console.log(
      `${r.measure.padEnd(9)} ${String(children).padStart(9)} ${String(r.blocks).padStart(7)} ${String(r.cellsReleased).padStart(9)} ${r.hotPathSeconds.toFixed(1).padStart(11)} ${(r.bytesPerHop / 1e6).toFixed(1).padStart(8)} ${(r.bytesPerHop / children).toFixed(0).padStart(9)} ${total.toFixed(0).padStart(29)}  ${r.exact}`,
    );
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(
    `combination bench: ${CHILDREN} children of the year (a share of ${POPULATION_SHARE} in the population), ${FACTOR_HOLDERS.length} factors, ${BITS}-bit key, measures ${MEASURES.join(', ')}`,
  );
  const keyStart = process.hrtime.bigint();
  const fed = await federation();
  const keyTime = seconds(keyStart);
  // The register sample is in random order: its first share is a population of the year like any filter's.
  const [data, dataTime] = timed(() =>
    withPopulationFilter(seededCombination(CHILDREN), (_, i) => i < POPULATION_SHARE * CHILDREN),
  );
  const population = data.population.filter((child) => child.cell !== null).length;
  console.log(
    `  key (${BITS} bits, ${THRESHOLD} of ${FACTOR_HOLDERS.length}) and ceremonies ${keyTime.toFixed(1)} s; seeded data ${dataTime.toFixed(1)} s; ${population} children in the population`,
  );
  const blocks = Math.max(...MEASURES.map((m) => combinationLayout(queryOf(fed, data, m), CHILDREN, BITS).blocks));
  const perPartner = Object.fromEntries(
    FACTOR_HOLDERS.map((org) => [org, CHILDREN + (org === 'gemeente' ? blocks : 0)]),
  );
  const { figure: pre, samples } = await precompute(fed.key, perPartner);
  const runs = [];
  for (const name of MEASURES) {
    const { source, fills } = randomizersFor(fed, samples, perPartner);
    runs.push({ ...(await protectRun(runMeasure(fed, data, name, source))), measuredPoolFillSeconds: fills });
  }
  printSummary(pre, runs, data.population.length);
  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    openssl: process.versions.openssl,
    date: new Date().toISOString(),
  };
  const out = join(__dirname, process.env.BENCH_OUT ?? join('results', 'combination.json'));
  mkdirSync(dirname(out), { recursive: true });
  const method = pre.measured
    ? 'every rⁿ precomputed for real and used once'
    : `steps measured at full size; their rⁿ recycled from a sample of ${POOL_SAMPLE} per partner (timing only: cost of a step does not depend on which rⁿ it multiplies by); precomputation extrapolated linearly from that sample (N independent modexps)`;
  writeFileSync(
    out,
    JSON.stringify(
      {
        machine,
        config: {
          children: data.population.length,
          population,
          bits: BITS,
          factors: FACTOR_HOLDERS,
          threshold: THRESHOLD,
          minRecords: K,
        },
        method,
        precompute: pre,
        runs,
        benchSeconds: (Date.now() - started) / 1000,
      },
      null,
      2,
    ),
  );
  console.log(
    `\nwritten to ${out} in ${((Date.now() - started) / 1000).toFixed(0)} s (${machine.cores} × ${machine.cpu}, node ${machine.node})`,
  );
}

if (process.argv.includes('--pool-child')) runPoolChild();
else
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
