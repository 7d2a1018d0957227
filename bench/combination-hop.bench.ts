/**
 * Where a combination step spends its time inside a node, stage by stage, on the real code (issue 16, "combinations
 * in seconds"): the region's children (BENCH_CHILDREN, 100,032), their seeded cells and factors, "at least 2" of four
 * factors, a BENCH_BITS (2048) key. First every stage of a factor holder's hop on one thread, the way applyFactor
 * does it (hex text) and the way its jobs do it (binary); then each step end to end, the single-thread functions
 * against the worker-thread ones (BENCH_THREADS, every core). The NATS relay is not in here (it is the rest of a
 * hop's time in bench/results/combination-cluster.json). Enc(0)s come from a sample of 64, so making them is cheap.
 *   npm run bench:hop   →  bench/results/combination-hop.json
 */
// @bfa/combination reaches @bfa/protocol's class-validator DTOs, which need it.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  canonicalHash,
  fixedPower,
  generateBoxKeyPair,
  generateSigningKeyPair,
  fixedWidthBytes,
  generateThresholdKey,
  nativeBignum,
  nativeBignumUnavailableReason,
  openSealedBytes,
  PaillierEncryptor,
  sealBytes,
} from '@bfa/crypto';
import {
  applyFactor,
  applyFactorOnThreads,
  CHUNK_BYTES,
  CombinationQuery,
  combinationLayout,
  combinationQueryHash,
  decodeRecordChunk,
  encodeRecordChunk,
  finishCombination,
  finishCombinationOnThreads,
  formatRecords,
  hopChunkHeader,
  HopWorkers,
  openSealedPseudonymSecret,
  PartyContext,
  parseRecords,
  pseudonymSet,
  PSEUDONYM_BYTES,
  recordsDigest,
  recordsPerChunk,
  runPseudonymCeremony,
  SealedHop,
  shiftFactor,
  shuffle,
  signReceipt,
  startCombination,
  startCombinationOnThreads,
  verifyReceiptChain,
} from '@bfa/combination';
import { pseudonymKeyAt, pseudonymKeys, shuffledChunks } from '../libs/combination/src/hop-chunks';
import { digestText } from '../libs/combination/src/hop-work';
import { FACTOR_HOLDERS, seededCombination } from '../libs/combination/src/testing/seeded-combination';

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 100_032);
const BITS = Number(process.env.BENCH_BITS ?? 2048);
const THREADS = Number(process.env.BENCH_THREADS ?? availableParallelism());

interface Stage {
  stage: string;
  seconds: number;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

function timed<T>(stages: Stage[], stage: string, work: () => T): T {
  const start = process.hrtime.bigint();
  const result = work();
  stages.push({ stage, seconds: seconds(start) });
  return result;
}

/**
 * Wall time, and what a shared machine can't hide: the CPU time of every thread of the process, and how long the
 * main thread was busy (its event loop's active time). On an idle 2-core machine a step takes about the larger
 * of the main thread's time and half the CPU time.
 */
interface StepTime {
  seconds: number;
  cpuSeconds: number;
  mainThreadSeconds: number;
  /** The main thread's own CPU time (Linux: /proc/self/task/<pid>/stat, 10 ms ticks), which load doesn't inflate. */
  mainThreadCpuSeconds?: number;
}

/** CPU seconds of the main thread so far, where /proc tells them (the main thread's id is the process id). */
function mainThreadCpu(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function timedAsync<T>(into: Record<string, StepTime>, name: string, work: () => Promise<T> | T): Promise<T> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const mainCpu = mainThreadCpu();
  const result = await work();
  const used = process.cpuUsage(cpu);
  const busy = performance.eventLoopUtilization(loop);
  const mainCpuAfter = mainThreadCpu();
  into[name] = {
    seconds: seconds(start),
    cpuSeconds: (used.user + used.system) / 1e6,
    mainThreadSeconds: busy.active / 1e3,
    mainThreadCpuSeconds:
      mainCpu === undefined || mainCpuAfter === undefined
        ? undefined
        : Math.round((mainCpuAfter - mainCpu) * 100) / 100,
  };
  const t = into[name];
  const ownCpu = t.mainThreadCpuSeconds === undefined ? '' : `, its CPU ${t.mainThreadCpuSeconds.toFixed(2)} s`;
  console.log(
    `  ${name.padEnd(40)} ${t.seconds.toFixed(2).padStart(7)} s  (CPU ${t.cpuSeconds.toFixed(2)} s, main thread ${t.mainThreadSeconds.toFixed(2)} s${ownCpu})`,
  );
  return result;
}

const ORGS = FACTOR_HOLDERS;

async function main(): Promise<void> {
  const load = loadavg();
  const key = await generateThresholdKey(BITS, ORGS, 3);
  const encryptor = new PaillierEncryptor(key.publicKey);
  const zeros = Array.from({ length: 64 }, () => encryptor.randomizer());
  let taken = 0;
  const randomizers = { take: () => zeros[taken++ % zeros.length] };
  const box = Object.fromEntries(ORGS.map((org) => [org, generateBoxKeyPair()]));
  const signing = Object.fromEntries(ORGS.map((org) => [org, generateSigningKeyPair()]));
  const directory = {
    boxPublicKeys: Object.fromEntries(ORGS.map((org) => [org, box[org].publicKey])),
    signingPublicKeys: Object.fromEntries(ORGS.map((org) => [org, signing[org].publicKey])),
  };
  const ceremony = runPseudonymCeremony(ORGS.map((org) => ({ org, boxPublicKey: box[org].publicKey })));
  const secrets = Object.fromEntries(
    ceremony.sealedSecrets.map((s) => [s.holder, openSealedPseudonymSecret(s, box[s.holder].secretKey)]),
  );
  const data = seededCombination(CHILDREN);
  const query: CombinationQuery = {
    queryId: 'bench',
    secretId: ceremony.secretId,
    keyId: key.publicKey.keyId,
    measure: { kind: 'atLeast', m: 2 },
    populationHolder: 'gemeente',
    factorHolders: ORGS,
    cells: data.cells,
    minRecords: 10,
  };
  const context = (org: string): PartyContext => ({
    query,
    org,
    encryptor,
    randomizers,
    signingSecretKey: signing[org].secretKey,
    boxSecretKey: box[org].secretKey,
    directory,
    editions: [
      { org, dataset: `${org}_data`, edition: canonicalHash({ org }), years: [2024], importedAt: '2026-12-01' },
    ],
  });
  const withFactor = (org: string) => pseudonymSet(secrets[org], query.queryId, data.factors[org]);
  const workers = new HopWorkers(THREADS);
  const inline = new HopWorkers(0);
  const bigintWorkers = new HopWorkers(THREADS, undefined, 'bigint');

  // Threads start on first use (under ts-node each compiles its imports): started before anything is timed.
  const warmUp = { kind: 'seal' as const, width: 0, recipient: box.gemeente.publicKey, header: Buffer.alloc(0) };
  for (const pool of [workers, bigintWorkers])
    await Promise.all(Array.from({ length: THREADS }, () => pool.run({ ...warmUp, chunk: Buffer.alloc(6) })));
  console.log(`native big numbers: ${nativeBignum() ? 'yes' : `no (${nativeBignumUnavailableReason()})`}`);
  console.log(`${CHILDREN} children, ${BITS}-bit key, "at least 2" of 4 factors; steps end to end:`);
  const steps: Record<string, Record<string, StepTime>> = {};
  const step = (name: string) => (steps[name] = {});
  const start = step('population holder: start (pseudonymise, encrypt, shuffle, seal)');
  const { state, hop: first } = await timedAsync(start, 'single thread (startCombination)', () =>
    startCombination(context('gemeente'), secrets.gemeente, data.population),
  );
  await timedAsync(start, `${THREADS} worker threads`, () =>
    startCombinationOnThreads(context('gemeente'), secrets.gemeente, data.population, workers),
  );
  const factor = step('factor holder sterkhuis: open, check, apply, shuffle, seal');
  await timedAsync(factor, 'single thread (applyFactor)', () =>
    applyFactor(context('sterkhuis'), first, withFactor('sterkhuis')),
  );
  await timedAsync(factor, 'the jobs inline, on the main thread', () =>
    applyFactorOnThreads(context('sterkhuis'), first, withFactor('sterkhuis'), inline),
  );
  await timedAsync(factor, `${THREADS} worker threads, BigInt (no native addon)`, () =>
    applyFactorOnThreads(context('sterkhuis'), first, withFactor('sterkhuis'), bigintWorkers),
  );
  let hop: SealedHop = await timedAsync(factor, `${THREADS} worker threads`, () =>
    applyFactorOnThreads(context('sterkhuis'), first, withFactor('sterkhuis'), workers),
  );
  for (const org of ['ggd', 'schoolbestuur']) {
    const later = step(`factor holder ${org}: open, check, apply, shuffle, seal`);
    hop = await timedAsync(later, `${THREADS} worker threads`, () =>
      applyFactorOnThreads(context(org), hop, withFactor(org), workers),
    );
  }
  const finish = step('population holder: finish (open, check, aggregate, sign manifest)');
  await timedAsync(finish, 'single thread (finishCombination)', () =>
    finishCombination(context('gemeente'), state, hop),
  );
  await timedAsync(finish, `${THREADS} worker threads`, () =>
    finishCombinationOnThreads(context('gemeente'), state, hop, workers),
  );
  await Promise.all([workers.close(), bigintWorkers.close()]);

  const stages = stagesOfOneHop(encryptor, query, first, box.sterkhuis.secretKey, directory, withFactor('sterkhuis'));
  const mainThread = mainThreadStages(encryptor, query, first, box.sterkhuis.secretKey, withFactor('sterkhuis'), zeros);
  const perRecord = nativeAgainstBigint(encryptor, query);
  const output = writeResults({ load, steps, stages, mainThread, threads: THREADS, perRecord, query, encryptor, data });
  console.log(`written to ${output}`);
}

/** Every stage of sterkhuis's hop on one thread: the hex path applyFactor takes, and the binary one of its jobs. */
function stagesOfOneHop(
  encryptor: PaillierEncryptor,
  query: CombinationQuery,
  hop: SealedHop,
  boxSecretKey: string,
  directory: { signingPublicKeys: Record<string, string> },
  has: Set<string>,
): { hex: Stage[]; binary: Stage[]; native: Stage[]; comparison: Stage[] } {
  const queryHash = combinationQueryHash(query);
  const header = (step: number, chunk: number, chunks: number) => hopChunkHeader(queryHash, step, chunk, chunks);
  const width = Math.ceil(encryptor.n2.toString(16).length / 2);
  const layout = combinationLayout(query, CHILDREN, encryptor.n.toString(2).length);
  const shift = fixedPower(shiftFactor(layout, 1), encryptor.n2);
  const zero = encryptor.randomizer();

  const hex: Stage[] = [];
  timed(hex, 'verify the receipts (Ed25519)', () =>
    verifyReceiptChain(query, hop.receipts, directory.signingPublicKeys),
  );
  const bytes = timed(hex, 'open sealed chunks (X25519 + ChaCha20-Poly1305)', () =>
    hop.chunks.map((box, i) => openSealedBytes(box, boxSecretKey, header(0, i, hop.chunks.length))),
  );
  const opened = timed(hex, 'decode chunks (bytes → hex)', () => bytes.flatMap((b) => decodeRecordChunk(b)));
  timed(hex, 'records digest, input (SHA-256 over hex text)', () => recordsDigest(opened));
  const parsed = timed(hex, 'parse (hex → BigInt, 0 < c < n², c mod n ≠ 0)', () => parseRecords(encryptor, opened));
  const lifted = timed(hex, 'apply the factor: c^(2^w) for a child with it', () =>
    parsed.map((r) => ({
      pseudonym: r.pseudonym,
      ciphertext: has.has(r.pseudonym) ? shift(r.ciphertext) : r.ciphertext,
    })),
  );
  const out = timed(hex, 'multiply by a pooled Enc(0), mod n²', () =>
    lifted.map((r) => ({ pseudonym: r.pseudonym, ciphertext: encryptor.add(r.ciphertext, zero) })),
  );
  timed(hex, 'shuffle (Fisher–Yates, crypto.randomInt)', () => shuffle(out));
  const formatted = timed(hex, 'format (BigInt → hex)', () => formatRecords(encryptor, out));
  const outputDigest = timed(hex, 'records digest, output', () => recordsDigest(formatted));
  const per = recordsPerChunk(CHUNK_BYTES, width);
  const encoded = timed(hex, 'encode chunks (hex → bytes)', () =>
    Array.from({ length: Math.ceil(formatted.length / per) }, (_, i) =>
      encodeRecordChunk(formatted.slice(i * per, (i + 1) * per)),
    ),
  );
  const recipient = generateBoxKeyPair().publicKey;
  timed(hex, 'seal chunks', () => encoded.map((b, i) => sealBytes(b, recipient, header(1, i, encoded.length))));
  timed(hex, 'sign the receipt (Ed25519)', () =>
    signReceipt(
      { ...hop.receipts[0], step: 1, inputDigest: hop.receipts[0].outputDigest, outputDigest },
      generateSigningKeyPair().secretKey,
    ),
  );

  // The same on the bytes, as a job does it: no hex strings but for BigInt's own conversion.
  const binary: Stage[] = [];
  const size = PSEUDONYM_BYTES + width;
  const records = bytes.map((b) => b.subarray(6));
  const pseudonyms = timed(binary, 'pseudonyms: duplicates, factor lookup (event loop)', () => {
    const seen = new Set<string>();
    return records.flatMap((r) =>
      Array.from({ length: r.length / size }, (_, i) => {
        const p = r.toString('hex', i * size, i * size + PSEUDONYM_BYTES);
        seen.add(p);
        return has.has(p);
      }),
    );
  });
  const values = timed(binary, 'bytes → BigInt (through hex)', () =>
    records.flatMap((r) =>
      Array.from({ length: r.length / size }, (_, i) =>
        BigInt(`0x${r.toString('hex', i * size + PSEUDONYM_BYTES, (i + 1) * size)}`),
      ),
    ),
  );
  timed(binary, 'bytes → BigInt (64-bit words), for comparison', () =>
    records.slice(0, 1).flatMap((r) =>
      Array.from({ length: r.length / size }, (_, i) => {
        let v = 0n;
        for (let at = i * size + PSEUDONYM_BYTES; at < (i + 1) * size; at += 8) v = (v << 64n) | r.readBigUInt64BE(at);
        return v;
      }),
    ),
  );
  const [words] = binary.splice(binary.length - 1, 1);
  words.stage += ` (first chunk only, ${(records[0].length / size).toFixed(0)} records)`;
  timed(binary, 'check 0 < c < n², c mod n ≠ 0', () =>
    values.forEach((c) => {
      if (c <= 0n || c >= encryptor.n2 || c % encryptor.n === 0n) throw new Error('not a ciphertext');
    }),
  );
  const shifted = timed(binary, 'apply the factor: c^(2^w) for a child with it', () =>
    values.map((c, i) => (pseudonyms[i] ? shift(c) : c)),
  );
  const products = timed(binary, 'multiply by a pooled Enc(0), mod n²', () =>
    shifted.map((c) => (c * zero) % encryptor.n2),
  );
  const outBytes = timed(binary, 'BigInt → bytes (through hex)', () => {
    const buffer = Buffer.alloc(products.length * size);
    products.forEach((c, i) =>
      buffer.write(c.toString(16).padStart(2 * width, '0'), i * size + PSEUDONYM_BYTES, width, 'hex'),
    );
    return buffer;
  });
  timed(binary, 'records digest text, built from bytes, and SHA-256', () => {
    const hash = createHash('sha256');
    for (let i = 0; i < products.length; i++)
      hash.update(
        `${outBytes.toString('hex', i * size, i * size + PSEUDONYM_BYTES)}:${outBytes.toString('hex', i * size + PSEUDONYM_BYTES, (i + 1) * size)}\n`,
      );
    return hash.digest('hex');
  });
  timed(binary, 'shuffle and cut into chunks (copies)', () => {
    const order = shuffle(Array.from({ length: products.length }, (_, i) => i));
    const chunk = Buffer.alloc(per * size);
    order.forEach((record, i) => outBytes.copy(chunk, (i % per) * size, record * size, (record + 1) * size));
  });
  return { hex, binary, native: nativeStages(encryptor, layout, records, pseudonyms, zero), comparison: [words] };
}

/** The binary path's arithmetic stages on the same records by the native addon, one call per chunk as a job makes. */
function nativeStages(
  encryptor: PaillierEncryptor,
  layout: ReturnType<typeof combinationLayout>,
  records: Buffer[],
  has: boolean[],
  zero: bigint,
): Stage[] {
  const native = nativeBignum();
  if (!native) return [];
  const width = Math.ceil(encryptor.n2.toString(16).length / 2);
  const size = PSEUDONYM_BYTES + width;
  const n = fixedWidthBytes([encryptor.n], Math.ceil(encryptor.n.toString(16).length / 2));
  const squarings = shiftFactor(layout, 1).toString(2).length - 1;
  const stages: Stage[] = [];
  const zeros = timed(stages, 'Enc(0)s → bytes (BigInt through hex)', () =>
    records.map((r) => fixedWidthBytes(Array(r.length / size).fill(zero), width)),
  );
  timed(stages, `check, c^(2^${squarings}) with the factor, × Enc(0), bytes out (native)`, () => {
    let first = 0;
    records.forEach((r, chunk) => {
      const count = r.length / size;
      const flags = Uint8Array.from(has.slice(first, first + count), Number);
      const out = Buffer.alloc(r.length);
      const view = (bytes: Uint8Array) => ({ bytes, offset: PSEUDONYM_BYTES, stride: size, width });
      const packed = { bytes: zeros[chunk], offset: 0, stride: width, width };
      if (native.factor(n, view(r), count, flags, squarings, packed, view(out)) >= 0)
        throw new Error('not a ciphertext');
      first += count;
    });
  });
  return stages;
}

/**
 * What the main thread does in a factor hop on worker threads (applyFactorOnThreads), stage by stage on the same
 * records: the way it did before the main-thread work was cut (hex keys, copies, Enc(0)s through hex on the threads),
 * and the way it does now. The threads wait on the main thread's share, and on 2 cores it takes a core from them.
 */
function mainThreadStages(
  encryptor: PaillierEncryptor,
  query: CombinationQuery,
  hop: SealedHop,
  boxSecretKey: string,
  has: Set<string>,
  zeros: bigint[],
): Stage[] {
  const queryHash = combinationQueryHash(query);
  const width = Math.ceil(encryptor.n2.toString(16).length / 2);
  const size = PSEUDONYM_BYTES + width;
  const stages: Stage[] = [];
  const opened = timed(stages, 'open sealed chunks (base64, X25519, ChaCha20-Poly1305)', () =>
    hop.chunks.map((box, i) => openSealedBytes(box, boxSecretKey, hopChunkHeader(queryHash, 0, i, hop.chunks.length))),
  );
  const records = opened.map((b) => b.subarray(6));
  const countOf = (r: Uint8Array) => r.length / size;
  timed(stages, 'pseudonyms: duplicates, factor lookup, hex keys (before)', () => {
    const seen = new Set<string>();
    for (const r of records)
      for (let i = 0; i < countOf(r); i++) {
        const p = Buffer.from(r.buffer, r.byteOffset + i * size, PSEUDONYM_BYTES).toString('hex');
        seen.add(p);
        has.has(p);
      }
  });
  timed(stages, 'pseudonyms: duplicates, factor lookup, latin1 keys (now)', () => {
    const seen = new Set<string>();
    const keys = pseudonymKeys(has);
    for (const r of records)
      for (let i = 0; i < countOf(r); i++) {
        const p = pseudonymKeyAt(r, width, i);
        seen.add(p);
        keys.has(p);
      }
  });
  timed(stages, 'records copied into slices of their own (before; now moved)', () =>
    records.map((r) => new Uint8Array(r)),
  );
  const randomizers = records.map((r) => Array.from({ length: countOf(r) }, (_, i) => zeros[i % zeros.length]));
  timed(stages, 'Enc(0)s to the threads: bigint[] cloned (v8 serialize, deserialize)', () =>
    randomizers.map((list) => deserialize(serialize(list))),
  );
  timed(stages, 'Enc(0)s → bytes through hex, on a thread (before)', () =>
    randomizers.map((list) => {
      const out = Buffer.alloc(list.length * width);
      list.forEach((r, i) => out.write(r.toString(16).padStart(2 * width, '0'), i * width, width, 'hex'));
      return out;
    }),
  );
  timed(stages, 'Enc(0)s → bytes from BigInt words, on a thread (now, native)', () =>
    randomizers.map((list) => fixedWidthBytes(list, width)),
  );
  const texts = records.map((r) => digestText(r, width));
  timed(stages, "records digest: SHA-256 over the jobs' text, in order", () => {
    const hash = createHash('sha256');
    for (const text of texts) hash.update(text);
    return hash.digest('hex');
  });
  const per = recordsPerChunk(CHUNK_BYTES, width);
  const total = records.reduce((sum, r) => sum + countOf(r), 0);
  const order = timed(stages, 'shuffle (Fisher–Yates, crypto.randomInt)', () =>
    shuffle(Array.from({ length: total }, (_, i) => i)),
  );
  timed(stages, 'concatenate, then copy into chunks (before)', () => {
    const all = Buffer.concat(records);
    for (let c = 0; c * per < total; c++) {
      const chunk = Buffer.alloc(6 + Math.min(per, total - c * per) * size);
      order
        .slice(c * per, (c + 1) * per)
        .forEach((record, i) => all.copy(chunk, 6 + i * size, record * size, (record + 1) * size));
    }
  });
  timed(stages, 'copy into chunks from the slices (now)', () => {
    const chunks = shuffledChunks(records, order, width, per);
    for (let c = 0; c < chunks.count; c++) chunks.chunk(c);
  });
  timed(stages, 'sign the receipt (Ed25519)', () =>
    signReceipt({ ...hop.receipts[0], step: 1 }, generateSigningKeyPair().secretKey),
  );
  return stages;
}

const MICRO_RECORDS = 4_000;

/**
 * Per record, one thread, in µs of CPU, at the bench's key: the BigInt arithmetic of the jobs against the native addon's on the
 * same bytes (each native figure includes reading and writing the record's bytes, which BigInt's does not).
 */
function nativeAgainstBigint(encryptor: PaillierEncryptor, query: CombinationQuery): Record<string, number> {
  const native = nativeBignum();
  const { n, n2 } = encryptor;
  const width = Math.ceil(n2.toString(16).length / 2);
  const squarings = shiftFactor(combinationLayout(query, CHILDREN, n.toString(2).length), 1).toString(2).length - 1;
  const values = Array.from({ length: 64 }, () => encryptor.randomizer());
  const cs = Array.from({ length: MICRO_RECORDS }, (_, i) => values[i % 64]);
  const rs = Array.from({ length: MICRO_RECORDS }, (_, i) => values[(i * 7 + 3) % 64]);
  const records = fixedWidthBytes(cs, width);
  const randomizers = fixedWidthBytes(rs, width);
  const view = (bytes: Uint8Array) => ({ bytes, offset: 0, stride: width, width });
  const nWidth = Math.ceil(n.toString(16).length / 2);
  const nBytes = fixedWidthBytes([n], nWidth);
  const plaintexts = fixedWidthBytes(
    cs.map((c) => c % n),
    nWidth,
  );
  const out = Buffer.alloc(MICRO_RECORDS * width);
  // CPU time of the process, which on a shared machine is inflated far less than wall time (no other thread runs now).
  const perRecord = (work: () => unknown, records = MICRO_RECORDS) => {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / records;
  };
  const shift = fixedPower(1n << BigInt(squarings), n2);
  const few = 400;
  const figures: Record<string, number> = {
    'BigInt: (c · r) mod n²': perRecord(() => cs.forEach((c, i) => (c * rs[i]) % n2)),
    'BigInt: bytes → BigInt (hex)': perRecord(() =>
      cs.forEach((_, i) => BigInt(`0x${Buffer.from(records.buffer, i * width, width).toString('hex')}`)),
    ),
    'BigInt: BigInt → bytes (hex)': perRecord(() =>
      cs.forEach((c, i) => out.write(c.toString(16).padStart(2 * width, '0'), i * width, width, 'hex')),
    ),
    'BigInt: check 0 < c < n², c mod n ≠ 0': perRecord(() => cs.forEach((c) => c > 0n && c < n2 && c % n !== 0n)),
    [`OpenSSL DH: c^(2^${squarings}) mod n²`]: perRecord(() => cs.slice(0, few).forEach((c) => shift(c)), few),
  };
  if (native) {
    const all = new Uint8Array(MICRO_RECORDS).fill(1);
    const none = new Uint8Array(MICRO_RECORDS);
    const factor = (has: Uint8Array, k: number, count = MICRO_RECORDS) =>
      native.factor(nBytes, view(records), count, has, k, view(randomizers), view(out));
    Object.assign(figures, {
      'native: bytes in, check, copy r, bytes out (no multiplication)': perRecord(() => factor(none, -1)),
      'native: bytes in, check, (c · r) mod n², bytes out': perRecord(() => factor(all, -1)),
      [`native: ... c^(2^${squarings}) · r mod n² (${squarings} squarings)`]: perRecord(() => factor(all, squarings)),
      'native: encrypt (1 + m·n)·r mod n², m of n bits': perRecord(() =>
        native.encrypt(
          nBytes,
          { bytes: plaintexts, offset: 0, stride: nWidth, width: nWidth },
          MICRO_RECORDS,
          view(randomizers),
          view(out),
        ),
      ),
      'native: aggregate, one product per 100 records': perRecord(() =>
        native.aggregate(
          nBytes,
          view(records),
          MICRO_RECORDS,
          Int32Array.from({ length: MICRO_RECORDS }, (_, i) => i % 40),
          40,
          view(out),
          new Uint8Array(40),
        ),
      ),
    });
  }
  console.log('per record, one thread (µs of CPU):');
  for (const [name, us] of Object.entries(figures)) console.log(`  ${name.padEnd(64)} ${us.toFixed(1).padStart(7)}`);
  return figures;
}

function writeResults(input: {
  load: number[];
  steps: Record<string, Record<string, StepTime>>;
  stages: { hex: Stage[]; binary: Stage[]; native: Stage[]; comparison: Stage[] };
  mainThread: Stage[];
  threads: number;
  perRecord: Record<string, number>;
  query: CombinationQuery;
  encryptor: PaillierEncryptor;
  data: ReturnType<typeof seededCombination>;
}): string {
  const { stages, steps, data } = input;
  const total = (list: Stage[]) => list.reduce((sum, s) => sum + s.seconds, 0);
  for (const [name, list] of Object.entries(stages)) {
    console.log(`one factor hop's stages on one thread, ${name}:`);
    for (const s of list) console.log(`  ${s.stage.padEnd(64)} ${s.seconds.toFixed(2).padStart(7)} s`);
    console.log(`  ${'total'.padEnd(64)} ${total(list).toFixed(2).padStart(7)} s`);
  }
  console.log(`the main thread's stages of a factor hop on worker threads (${input.threads} threads):`);
  for (const s of input.mainThread) console.log(`  ${s.stage.padEnd(64)} ${s.seconds.toFixed(3).padStart(7)} s`);
  const output = join(__dirname, 'results', 'combination-hop.json');
  const previous = existsSync(output) ? JSON.parse(readFileSync(output, 'utf8')) : undefined;
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    openssl: process.versions.openssl,
    nativeBignum: nativeBignum() !== undefined,
    date: new Date().toISOString(),
    // The machine is shared: a load above its cores means the figures are slower than an idle machine's.
    loadAverage: { before: input.load, after: loadavg() },
  };
  const factorShare = Object.fromEntries(
    Object.entries(data.factors).map(([org, ids]) => [org, ids.length / data.population.length]),
  );
  writeFileSync(
    output,
    JSON.stringify(
      {
        machine,
        children: CHILDREN,
        bits: BITS,
        threads: THREADS,
        measure: input.query.measure,
        factorShare,
        steps,
        stagesOneThread: {
          hex: { stages: stages.hex, total: total(stages.hex) },
          binary: { stages: stages.binary, total: total(stages.binary) },
          native: { stages: stages.native, total: total(stages.native) },
          comparison: stages.comparison,
        },
        mainThreadOfAFactorHop: input.mainThread,
        cpuMicrosecondsPerRecord: input.perRecord,
        // The run before the worker threads (stages of the hex path), kept for comparison.
        previousRun: previous?.stages
          ? { machine: previous.machine, stages: previous.stages, total: previous.total }
          : previous?.previousRun,
      },
      null,
      2,
    ),
  );
  return output;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
