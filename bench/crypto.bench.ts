import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { combineThresholdPartials, generateThresholdKey, PaillierEncryptor, thresholdPartialDecrypt } from '@bfa/crypto';

const HOLDERS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];
const THRESHOLD = 3;
const BITS = (process.env.BENCH_BITS ?? '2048').split(',').map(Number);

interface Figure {
  bits: number;
  operation: string;
  count: number;
  seconds: number;
  perSecond: number;
  msEach: number;
}

/** Runs `work` `runs` times; each run handles `cellsPerRun` cells, and the figures are per cell. */
function measure(bits: number, operation: string, runs: number, work: (i: number) => unknown, cellsPerRun = 1): Figure {
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) work(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const count = runs * cellsPerRun;
  return { bits, operation, count, seconds, perSecond: count / seconds, msEach: (seconds * 1000) / count };
}

async function benchKeySize(bits: number): Promise<Figure[]> {
  const started = Date.now();
  const key = await generateThresholdKey(bits, HOLDERS, THRESHOLD);
  const keygen = { bits, operation: 'threshold key generation (safe primes)', count: 1, seconds: (Date.now() - started) / 1000, perSecond: 0, msEach: Date.now() - started };
  const encryptor = new PaillierEncryptor(key.publicKey);
  const values = Array.from({ length: 64 }, () => BigInt(randomInt(0, 10_000)));
  const ciphertexts = encryptor.encryptVector(values);
  const parsed = encryptor.parseVector(ciphertexts);
  const partials = key.shares.slice(0, THRESHOLD).map((share) => ({ holder: share.holder, keyId: share.keyId, values: thresholdPartialDecrypt(share, ciphertexts.slice(0, 16)) }));
  return [
    keygen,
    measure(bits, 'encrypt (cells/s)', 40, (i) => encryptor.encrypt(values[i % values.length])),
    measure(bits, 'homomorphic addition (cells/s)', 5000, (i) => encryptor.add(parsed[i % 64], parsed[(i + 1) % 64])),
    measure(bits, 'partial decryption (cells/s)', 16, (i) => thresholdPartialDecrypt(key.shares[0], [ciphertexts[i]])),
    measure(bits, `combine ${THRESHOLD} partials (cells/s)`, 10, () => combineThresholdPartials(key.publicKey, partials), 16),
  ];
}

function plaintextBaseline(): Figure {
  const vectors = Array.from({ length: 4 }, () => Array.from({ length: 1200 }, () => randomInt(0, 1000)));
  return measure(0, 'plaintext: add 4 partners x 1200 cells (cells/s)', 2000, () => vectors[0].map((_, i) => vectors[0][i] + vectors[1][i] + vectors[2][i] + vectors[3][i]), 1200);
}

async function main(): Promise<void> {
  const figures: Figure[] = [plaintextBaseline()];
  for (const bits of BITS) figures.push(...(await benchKeySize(bits)));
  const machine = { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, date: new Date().toISOString() };
  const out = join(__dirname, 'results', 'crypto.json');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(out, JSON.stringify({ machine, figures }, null, 2));
  console.log(`${'bits'.padStart(5)}  ${'operation'.padEnd(50)} ${'per second'.padStart(12)} ${'ms each'.padStart(10)}`);
  for (const f of figures) console.log(`${String(f.bits || '-').padStart(5)}  ${f.operation.padEnd(50)} ${f.perSecond.toFixed(1).padStart(12)} ${f.msEach.toFixed(3).padStart(10)}`);
  console.log(`\nwritten to ${out} (${machine.cores} x ${machine.cpu}, node ${machine.node})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
