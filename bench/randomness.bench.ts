import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { modPow } from 'bigint-crypto-utils';
import {
  generateBoxKeyPair,
  generateThresholdKey,
  hexToBigint,
  PaillierEncryptor,
  PaillierPublicKeyJson,
  RandomizerPool,
  RandomizerWorkers,
  SealedRandomizerStore,
  shortExponent,
  ThresholdPublicKeyJson,
} from '@bfa/crypto';

/**
 * Randomness in minutes (issue 16): the time to fill a node's pool of 100,000 randomizers on this machine's cores, in the
 * old form (rⁿ, 2048-bit exponent) and the new (h_s^α, 256-bit α), both through the worker threads and the sealed store a
 * node uses, and what a fixed-base table for h_s would add. BENCH_POOL sets the pool (100,000); the old form is measured
 * on BENCH_OLD_SAMPLE values (5,000) and scaled, unless BENCH_OLD_FULL=1.
 */
const BITS = Number(process.env.BENCH_BITS ?? 2048);
const POOL = Number(process.env.BENCH_POOL ?? 100_000);
const OLD_SAMPLE = process.env.BENCH_OLD_FULL === '1' ? POOL : Number(process.env.BENCH_OLD_SAMPLE ?? 5_000);
const THREADS = Number(process.env.BENCH_THREADS ?? availableParallelism());
const CHUNK = 256;

interface Figure {
  operation: string;
  count: number;
  seconds: number;
  msEach: number;
  /** For the pool fills: the time for the whole pool, measured or (old form, by default) scaled from `count`. */
  poolSeconds?: number;
  scaled?: boolean;
  /**
   * CPU seconds of every thread of this process during the fill, divided by the threads: the wall time on a machine
   * with those cores to itself. The machine this ran on is shared (see the load average), so wall time overstates.
   */
  poolSecondsIdle?: number;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

function single(operation: string, count: number, work: () => unknown): Figure {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) work();
  const s = seconds(start);
  return { operation, count, seconds: s, msEach: (s * 1000) / count };
}

/** The fixed-base comb a node could use instead of OpenSSL: h_s^(d·2^(w·k)) for every digit d and window k; α's digits pick one each. */
function fixedBaseTable(hs: bigint, n2: bigint, exponentBits: number, window: number): (alpha: bigint) => bigint {
  const windows = Math.ceil(exponentBits / window);
  const rows: bigint[][] = [];
  let base = hs;
  for (let k = 0; k < windows; k++) {
    const row = [1n];
    for (let d = 1; d < 1 << window; d++) row.push((row[d - 1] * base) % n2);
    rows.push(row);
    base = (row[(1 << window) - 1] * base) % n2;
  }
  const mask = BigInt((1 << window) - 1);
  return (alpha) => {
    let result = 1n;
    for (let k = 0; k < windows; k++, alpha >>= BigInt(window)) result = (result * rows[k][Number(alpha & mask)]) % n2;
    return result;
  };
}

/** Fills a sealed store with `count` values the way a node's pool does: worker threads, one sealed file per 256. */
async function fillStore(
  publicKey: PaillierPublicKeyJson,
  count: number,
  root: string,
  boxSecretKey = generateBoxKeyPair().secretKey,
): Promise<{ wall: number; cpu: number }> {
  const store = new SealedRandomizerStore(root, publicKey.keyId, hexToBigint(publicKey.n), boxSecretKey);
  // Normal priority: the machine is shared, and a node on its own machine has its cores to itself anyway.
  const workers = new RandomizerWorkers(publicKey, { threads: THREADS });
  await workers.compute(THREADS * 16); // threads started and warm
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let done = 0;
  let last = Date.now();
  while (done < count) {
    const round = Math.min(CHUNK * THREADS * 4, count - done);
    const values = await workers.compute(round);
    for (let at = 0; at < values.length; at += CHUNK) store.write(values.slice(at, at + CHUNK));
    done += round;
    if (Date.now() - last > 10_000) {
      console.log(`  ${done} of ${count} (${seconds(start).toFixed(0)} s)`);
      last = Date.now();
    }
  }
  const wall = seconds(start);
  const used = process.cpuUsage(cpu);
  await workers.close();
  return { wall, cpu: (used.user + used.system) / 1e6 };
}

function restoreTime(publicKey: PaillierPublicKeyJson, root: string, boxSecretKey: string): number {
  const pool = new RandomizerPool(new PaillierEncryptor(publicKey), {
    store: new SealedRandomizerStore(root, publicKey.keyId, hexToBigint(publicKey.n), boxSecretKey),
  });
  const start = process.hrtime.bigint();
  pool.restore();
  return seconds(start);
}

async function main(): Promise<void> {
  const load = { before: loadavg() };
  console.log(
    `${BITS}-bit key, pool of ${POOL}, ${THREADS} threads; load average ${load.before.map((l) => l.toFixed(1)).join(' ')}`,
  );
  const key = (await generateThresholdKey(BITS, ['a', 'b', 'c', 'd'], 3)).publicKey as ThresholdPublicKeyJson;
  const old: PaillierPublicKeyJson = { keyId: key.keyId, bits: key.bits, n: key.n };
  const fresh = new PaillierEncryptor(key);
  const legacy = new PaillierEncryptor(old);
  const n2 = fresh.n2;
  const hs = hexToBigint(key.randomness!.hs);
  for (let i = 0; i < 20; i++) (fresh.randomizer(), legacy.randomizer());

  const figures: Figure[] = [
    single('rⁿ, OpenSSL (old form)', 200, () => legacy.randomizer()),
    single('h_s^α, 256-bit α, OpenSSL constant time (new form)', 1000, () => fresh.randomizer()),
  ];
  for (const window of [6, 8]) {
    const start = process.hrtime.bigint();
    const table = fixedBaseTable(hs, n2, 256, window);
    const build = seconds(start);
    const alpha = shortExponent(256);
    if (table(alpha) !== modPow(hs, alpha, n2)) throw new Error('fixed-base table disagrees with modPow');
    figures.push({
      ...single(`h_s^α, fixed-base table, window ${window} (BigInt, not constant time)`, 1000, () =>
        table(shortExponent(256)),
      ),
      poolSeconds: build,
    });
    console.log(
      `  table with window ${window}: built in ${build.toFixed(2)} s, ${(Math.ceil(256 / window) * (1 << window) * (BITS / 4)) / 2 ** 20} MiB`,
    );
  }

  const root = mkdtempSync(join(tmpdir(), 'bfa-bench-pool-'));
  try {
    const oldFill = await fillStore(old, OLD_SAMPLE, join(root, 'old'));
    const scale = POOL / OLD_SAMPLE;
    figures.push({
      operation: `pool fill, old form (rⁿ), ${THREADS} threads + sealed store`,
      count: OLD_SAMPLE,
      seconds: oldFill.wall,
      msEach: (oldFill.wall * 1000) / OLD_SAMPLE,
      poolSeconds: oldFill.wall * scale,
      poolSecondsIdle: (oldFill.cpu * scale) / THREADS,
      scaled: scale !== 1,
    });
    const box = generateBoxKeyPair();
    const newRoot = join(root, 'new');
    const newFill = await fillStore(key, POOL, newRoot, box.secretKey);
    figures.push({
      operation: `pool fill, new form (h_s^α), ${THREADS} threads + sealed store`,
      count: POOL,
      seconds: newFill.wall,
      msEach: (newFill.wall * 1000) / POOL,
      poolSeconds: newFill.wall,
      poolSecondsIdle: newFill.cpu / THREADS,
      scaled: false,
    });
    const dir = join(newRoot, key.keyId);
    const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    const restore = restoreTime(key, newRoot, box.secretKey);
    figures.push({
      operation: `restore a pool of ${POOL} at start (read, open, parse)`,
      count: POOL,
      seconds: restore,
      msEach: (restore * 1000) / POOL,
    });
    console.log(`  sealed pool on disk: ${(bytes / 2 ** 20).toFixed(1)} MiB in ${readdirSync(dir).length} files`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }

  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    openssl: process.versions.openssl,
    date: new Date().toISOString(),
    loadAverage: { ...load, after: loadavg() },
  };
  const out = join(__dirname, 'results', 'randomness.json');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(out, JSON.stringify({ machine, bits: BITS, pool: POOL, threads: THREADS, figures }, null, 2));
  for (const f of figures) {
    const idle = f.poolSecondsIdle === undefined ? '' : `, ${f.poolSecondsIdle.toFixed(1)} s of CPU per thread`;
    const pool =
      f.poolSeconds === undefined
        ? ''
        : `  ${f.operation.startsWith('pool') ? `${POOL}: ${f.poolSeconds.toFixed(1)} s${f.scaled ? ' (scaled)' : ''}${idle}` : `table ${f.poolSeconds.toFixed(2)} s`}`;
    console.log(`${f.operation.padEnd(78)} ${f.msEach.toFixed(3).padStart(8)} ms each${pool}`);
  }
  console.log(
    `written to ${out} (${machine.cores} x ${machine.cpu}, node ${machine.node}, OpenSSL ${machine.openssl}; load ${machine.loadAverage.after.map((l) => l.toFixed(1)).join(' ')})`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
