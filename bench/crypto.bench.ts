import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import {
  combineThresholdPartials,
  fixedPower,
  generateThresholdKey,
  hexToBigint,
  packCells,
  PackingLayout,
  packingLayout,
  PaillierEncryptor,
  proveThresholdPartials,
  RandomizerPool,
  thresholdPartialDecrypt,
  ThresholdKey,
  unpackCells,
  unpackedLayout,
  verifyThresholdPartials,
} from '@bfa/crypto';

const HOLDERS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];
const THRESHOLD = 3;
const BITS = (process.env.BENCH_BITS ?? '2048,3072').split(',').map(Number);
/** The bar's table: 300 wijken x 4 age bands, counts bounded as the catalog bounds them (500,000 records per holder). */
const TABLE_CELLS = 1200;
const RECORDS_PER_HOLDER = 500_000n;
/** Unpacked runs take one ciphertext per cell; they are measured on a slice and reported per cell. */
const UNPACKED_SLICE = 120;

interface Figure {
  bits: number;
  operation: string;
  count: number;
  seconds: number;
  perSecond: number;
  msEach: number;
}

interface Scenario {
  bits: number;
  layout: 'packed' | 'unpacked' | 'packed + proofs';
  cells: number;
  ciphertextsPerPartner: number;
  /** CPU seconds of the query's hot path: encrypt at 4 partners, combine, 3 partial decryptions, combine partials, unpack. */
  cpuSeconds: number;
  /** CPU seconds spent ahead of the query filling the partners' rⁿ pools. */
  precomputeCpuSeconds: number;
  cellsPerCpuSecond: number;
  exact: boolean;
}

function measure(bits: number, operation: string, runs: number, work: (i: number) => unknown, cellsPerRun = 1): Figure {
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) work(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const count = runs * cellsPerRun;
  return { bits, operation, count, seconds, perSecond: count / seconds, msEach: (seconds * 1000) / count };
}

function cpuSeconds(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

function operations(key: ThresholdKey): Figure[] {
  const bits = key.publicKey.bits;
  const encryptor = new PaillierEncryptor(key.publicKey);
  const reference = new PaillierEncryptor(key.publicKey, 'bigint');
  const pool = new RandomizerPool(encryptor);
  const values = Array.from({ length: 64 }, () => BigInt(randomInt(0, 10_000)));
  const ciphertexts = encryptor.encryptVector(values);
  const parsed = encryptor.parseVector(ciphertexts);
  const partials = key.shares.slice(0, THRESHOLD).map((share) => ({
    holder: share.holder,
    keyId: share.keyId,
    values: thresholdPartialDecrypt(share, ciphertexts.slice(0, 16)),
  }));
  const exponent = 2n * 24n * hexToBigint(key.shares[0].share);
  const n2 = encryptor.n2;
  const figures = [
    measure(bits, 'modexp c^(2Δs) mod n², BigInt (reference)', 5, (i) => fixedPower(exponent, n2, 'bigint')(parsed[i])),
    measure(bits, 'modexp c^(2Δs) mod n², OpenSSL', 40, (i) => fixedPower(exponent, n2, 'openssl')(parsed[i % 64])),
    measure(bits, 'rⁿ precompute, BigInt (reference)', 5, () => reference.randomizer()),
    measure(bits, 'rⁿ precompute, OpenSSL (pool refill)', 40, () => pool.fill(1)),
    measure(bits, 'encrypt with a pooled rⁿ (one multiplication)', 40, (i) =>
      encryptor.encrypt(values[i % 64], pool.take()),
    ),
    measure(bits, 'encrypt with a fresh rⁿ, OpenSSL', 20, (i) => encryptor.encrypt(values[i % 64])),
    measure(bits, 'homomorphic addition', 5000, (i) => encryptor.add(parsed[i % 64], parsed[(i + 1) % 64])),
    measure(bits, 'partial decryption, OpenSSL', 16, (i) => thresholdPartialDecrypt(key.shares[0], [ciphertexts[i]])),
    measure(bits, `combine ${THRESHOLD} partials`, 10, () => combineThresholdPartials(key.publicKey, partials), 16),
  ];
  return figures;
}

/** The whole cryptographic path of one query, in one process: what the bar counts. */
function scenario(key: ThresholdKey, packed: boolean, proofs = false): Scenario {
  const bits = key.publicKey.bits;
  const cells = packed ? TABLE_CELLS : UNPACKED_SLICE;
  const base = packingLayout({
    cells,
    contributionBound: RECORDS_PER_HOLDER,
    contributors: HOLDERS.length,
    keyBits: bits,
  });
  const layout: PackingLayout = packed ? base : unpackedLayout(base);
  const tables = HOLDERS.map(() => Array.from({ length: cells }, () => BigInt(randomInt(0, 400))));
  const encryptors = HOLDERS.map(() => new PaillierEncryptor(key.publicKey));
  const pools = encryptors.map((e) => new RandomizerPool(e));
  const ciphertextsPerPartner = Math.ceil(cells / layout.slotsPerPlaintext);
  const precompute = cpuSeconds(() => pools.forEach((pool) => pool.fill(ciphertextsPerPartner)));
  let released: bigint[] = [];
  const hotPath = cpuSeconds(() => {
    const contributions = tables.map((table, i) => encryptors[i].encryptVector(packCells(table, layout), pools[i]));
    const aggregate = encryptors[0].addVectors(contributions);
    const partials = key.shares.slice(0, THRESHOLD).map((share) => {
      const recomputed = new PaillierEncryptor(key.publicKey).addVectors(contributions); // each key holder checks the aggregate
      if (recomputed.join() !== aggregate.join()) throw new Error('aggregate mismatch');
      const values = thresholdPartialDecrypt(share, aggregate);
      if (
        proofs &&
        !verifyThresholdPartials(
          key.publicKey,
          share.holder,
          aggregate,
          values,
          proveThresholdPartials(share, key.publicKey.verification!, aggregate, values),
        )
      )
        throw new Error('proof failed');
      return { holder: share.holder, keyId: share.keyId, values };
    });
    released = unpackCells(combineThresholdPartials(key.publicKey, partials), layout);
  });
  const exact = released.every((value, cell) => value === tables.reduce((sum, t) => sum + t[cell], 0n));
  return {
    bits,
    layout: packed ? (proofs ? 'packed + proofs' : 'packed') : 'unpacked',
    cells,
    ciphertextsPerPartner,
    cpuSeconds: hotPath,
    precomputeCpuSeconds: precompute,
    cellsPerCpuSecond: cells / hotPath,
    exact,
  };
}

function plaintextBaseline(): Figure {
  const vectors = Array.from({ length: 4 }, () => Array.from({ length: TABLE_CELLS }, () => randomInt(0, 1000)));
  return measure(
    0,
    `plaintext: add 4 partners x ${TABLE_CELLS} cells (cells/s)`,
    2000,
    () => vectors[0].map((_, i) => vectors[0][i] + vectors[1][i] + vectors[2][i] + vectors[3][i]),
    TABLE_CELLS,
  );
}

async function main(): Promise<void> {
  const figures: Figure[] = [plaintextBaseline()];
  const scenarios: Scenario[] = [];
  for (const bits of BITS) {
    const started = Date.now();
    const key = await generateThresholdKey(bits, HOLDERS, THRESHOLD);
    figures.push({
      bits,
      operation: 'threshold key generation (OpenSSL safe primes)',
      count: 1,
      seconds: (Date.now() - started) / 1000,
      perSecond: 0,
      msEach: Date.now() - started,
    });
    figures.push(...operations(key));
    scenarios.push(scenario(key, true), scenario(key, true, true), scenario(key, false));
  }
  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    openssl: process.versions.openssl,
    date: new Date().toISOString(),
  };
  const out = join(__dirname, 'results', 'crypto.json');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(out, JSON.stringify({ machine, figures, scenarios }, null, 2));
  console.log(
    `${'bits'.padStart(5)}  ${'operation'.padEnd(50)} ${'per second'.padStart(12)} ${'ms each'.padStart(10)}`,
  );
  for (const f of figures)
    console.log(
      `${String(f.bits || '-').padStart(5)}  ${f.operation.padEnd(50)} ${f.perSecond.toFixed(1).padStart(12)} ${f.msEach.toFixed(3).padStart(10)}`,
    );
  console.log(
    `\n${'bits'.padStart(5)}  ${'layout'.padEnd(16)} ${'cells'.padStart(6)} ${'ctxt/partner'.padStart(13)} ${'CPU s'.padStart(8)} ${'pool CPU s'.padStart(11)} ${'cells/CPU s'.padStart(12)}  exact`,
  );
  for (const s of scenarios) {
    console.log(
      `${String(s.bits).padStart(5)}  ${s.layout.padEnd(16)} ${String(s.cells).padStart(6)} ${String(s.ciphertextsPerPartner).padStart(13)} ${s.cpuSeconds.toFixed(2).padStart(8)} ${s.precomputeCpuSeconds.toFixed(2).padStart(11)} ${s.cellsPerCpuSecond.toFixed(0).padStart(12)}  ${s.exact}`,
    );
  }
  const bar = scenarios.find((s) => s.bits === 2048 && s.layout === 'packed');
  if (bar)
    console.log(
      `\nbar: ${TABLE_CELLS} cells, 4 partners, 3 of 4 at 2048 bits, packed: ${bar.cpuSeconds.toFixed(2)} s CPU on the query path (+${bar.precomputeCpuSeconds.toFixed(2)} s ahead of it): ${bar.cpuSeconds < 2 ? 'under' : 'OVER'} 2 s`,
    );
  console.log(
    `written to ${out} (${machine.cores} x ${machine.cpu}, node ${machine.node}, OpenSSL ${machine.openssl})`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
