import { BignumEngine, fixedPower, FixedPower, nativeBignumFor, sealBytes, SealedBox } from '@bfa/crypto';
import { PSEUDONYM_BYTES, RECORD_CHUNK_PREFIX_BYTES } from './hop-codec';
import { nativeAggregateJob, nativeEncryptJob, nativeFactorJob, nativePowerJob, squaringsOf } from './hop-work-native';

/**
 * The per-record work of a hop on binary records (each a pseudonym's 16 bytes, then its ciphertext's fixed-width
 * big-endian bytes, as a chunk carries them), in jobs that run alike on a worker thread or inline: every check,
 * multiplication and conversion of a record happens here, the order-dependent parts (digests, shuffle) stay with
 * the caller. Nothing here is secret but what the records are; a job holds no key but the public n.
 */

/** The public modulus and the ciphertexts' byte width, which every job needs. */
interface KeyWidth {
  /** n in hexadecimal. */
  n: string;
  width: number;
  /** 'bigint' forces the BigInt code where the native addon is built (tests and benches compare the two). */
  engine?: BignumEngine;
}

/** A factor holder's slice: check each record, apply the factor (`has`, one byte per record), times its Enc(0). */
export interface FactorJob extends KeyWidth {
  kind: 'factor';
  /** The index of the slice's first record in the hop, for the errors. */
  first: number;
  records: Uint8Array;
  has: Uint8Array;
  /** One pooled Enc(0) per record, in the records' order: each used once. */
  randomizers: bigint[];
  /** Histogram encodings: c ↦ c^shift for a record with the factor (hex); the product encoding: null. */
  shift: string | null;
  /** The output's ciphertext width: the full width of n², whatever width the sender used. */
  outWidth: number;
}

/** The population holder's slice: Enc(plaintext) per pseudonym; '' is 0, an Enc(0) that is its randomizer. */
export interface EncryptJob extends KeyWidth {
  kind: 'encrypt';
  pseudonyms: Uint8Array;
  plaintexts: string[];
  randomizers: bigint[];
}

/** The population holder's last slice: check each record, multiply it into its target's product (-1: into none). */
export interface AggregateJob extends KeyWidth {
  kind: 'aggregate';
  first: number;
  records: Uint8Array;
  targets: Int32Array;
  /** How many targets there are (the grid's cells). */
  size: number;
}

/** One chunk (prefix and records) to seal to the next partner, under the header that binds it to its place. */
export interface SealJob {
  kind: 'seal';
  width: number;
  chunk: Uint8Array;
  recipient: string;
  header: Uint8Array;
}

/** The population holder's margins: base^exponent mod n² (a product moved into a margin's slots). */
export interface PowerJob {
  kind: 'power';
  n: string;
  exponent: string;
  base: bigint;
  engine?: BignumEngine;
}

export type HopJob = FactorJob | EncryptJob | AggregateJob | SealJob | PowerJob;

/** What a job answers: `digest` is the records' text as recordsDigest hashes it, for the caller to hash in order. */
export interface HopJobResult {
  records?: Uint8Array;
  digest?: Uint8Array;
  /** Aggregate: per target the product of its records in hexadecimal, '' for none. */
  products?: string[];
  box?: SealedBox;
  /** Power: the result. */
  value?: bigint;
}

const moduli = new Map<string, { n: bigint; n2: bigint }>();

function modulusOf(hex: string): { n: bigint; n2: bigint } {
  let known = moduli.get(hex);
  if (!known) {
    const n = BigInt(`0x${hex}`);
    known = { n, n2: n * n };
    moduli.set(hex, known);
  }
  return known;
}

const recordBytes = (width: number) => PSEUDONYM_BYTES + width;

/** Bytes → BigInt through hex: measured faster than assembling 64-bit words (bench/combination-hop.bench.ts). */
const readCiphertext = (records: Uint8Array, at: number, width: number): bigint =>
  BigInt(`0x${Buffer.from(records.buffer, records.byteOffset + at, width).toString('hex')}`);

function writeCiphertext(out: Buffer, at: number, width: number, value: bigint): void {
  out.write(value.toString(16).padStart(2 * width, '0'), at, width, 'hex');
}

/** The same check as parseCiphertext: 0 < c < n², and c mod n ≠ 0 (gcd(c, n) = 1 for anyone who can't factor n). */
function checkedCiphertext(records: Uint8Array, at: number, job: KeyWidth, index: number): bigint {
  const { n, n2 } = modulusOf(job.n);
  const c = readCiphertext(records, at, job.width);
  if (c <= 0n || c >= n2 || c % n === 0n) throw new Error(`record ${index}: not a ciphertext under the query's key`);
  return c;
}

/** `${pseudonym}:${ciphertext}\n` per record, the text recordsDigest hashes, built natively from the bytes. */
export function digestText(records: Uint8Array, width: number): Buffer {
  const size = recordBytes(width);
  const count = records.length / size;
  const line = 2 * size + 2;
  const text = Buffer.alloc(count * line);
  const bytes = Buffer.from(records.buffer, records.byteOffset, records.length);
  for (let i = 0; i < count; i++) {
    const at = i * line;
    text.write(bytes.toString('hex', i * size, i * size + PSEUDONYM_BYTES), at, 'latin1');
    text[at + 2 * PSEUDONYM_BYTES] = 0x3a; // ':'
    text.write(
      bytes.toString('hex', i * size + PSEUDONYM_BYTES, (i + 1) * size),
      at + 2 * PSEUDONYM_BYTES + 1,
      'latin1',
    );
    text[at + line - 1] = 0x0a; // '\n'
  }
  return text;
}

const powers = new Map<string, FixedPower>();

/** x ↦ x^exponent mod n², kept for the next records (a query uses a few: its shifts and alignments). */
function powerOf(n: string, exponent: string): FixedPower {
  const id = `${n}^${exponent}`;
  if (!powers.has(id)) {
    if (powers.size >= 64) powers.clear();
    powers.set(id, fixedPower(BigInt(`0x${exponent}`), modulusOf(n).n2));
  }
  return powers.get(id)!;
}

const shiftOf = (job: FactorJob): FixedPower | null => (job.shift === null ? null : powerOf(job.n, job.shift));

function applyFactorJob(job: FactorJob): HopJobResult {
  const size = recordBytes(job.width);
  const count = job.records.length / size;
  if (job.has.length !== count || job.randomizers.length !== count) throw new Error('a slice of records is malformed');
  const native = nativeBignumFor(job.engine);
  const squarings = squaringsOf(job.shift);
  if (native && squarings !== undefined)
    return { records: nativeFactorJob(native, job, squarings), digest: digestText(job.records, job.width) };
  const { n2 } = modulusOf(job.n);
  const shift = shiftOf(job);
  const outSize = recordBytes(job.outWidth);
  const out = Buffer.alloc(count * outSize);
  for (let i = 0, at = 0; i < count; i++, at += size) {
    const c = checkedCiphertext(job.records, at + PSEUDONYM_BYTES, job, job.first + i);
    const has = job.has[i] === 1;
    // Product encoding: keep, or zero (1 times the Enc(0) is a fresh Enc(0)). Histogram: one slot up, or keep.
    const kept = shift ? (has ? shift(c) : c) : has ? c : 1n;
    out.set(job.records.subarray(at, at + PSEUDONYM_BYTES), i * outSize);
    writeCiphertext(out, i * outSize + PSEUDONYM_BYTES, job.outWidth, (kept * job.randomizers[i]) % n2);
  }
  return { records: out, digest: digestText(job.records, job.width) };
}

function encryptJob(job: EncryptJob): HopJobResult {
  const count = job.plaintexts.length;
  if (job.pseudonyms.length !== count * PSEUDONYM_BYTES || job.randomizers.length !== count)
    throw new Error('a slice of records is malformed');
  const native = nativeBignumFor(job.engine);
  if (native) return nativeEncryptJob(native, job);
  const { n, n2 } = modulusOf(job.n);
  const size = recordBytes(job.width);
  const out = Buffer.alloc(count * size);
  for (let i = 0; i < count; i++) {
    const m = job.plaintexts[i] === '' ? 0n : BigInt(`0x${job.plaintexts[i]}`);
    if (m < 0n || m >= n) throw new RangeError('plaintext must be in [0, n)');
    // Enc(m) = (1 + m·n)·r mod n², as PaillierEncryptor.encrypt; for m = 0 that is r itself.
    const c = m === 0n ? job.randomizers[i] % n2 : (((1n + m * n) % n2) * job.randomizers[i]) % n2;
    out.set(job.pseudonyms.subarray(i * PSEUDONYM_BYTES, (i + 1) * PSEUDONYM_BYTES), i * size);
    writeCiphertext(out, i * size + PSEUDONYM_BYTES, job.width, c);
  }
  return { records: out };
}

function aggregateJob(job: AggregateJob): HopJobResult {
  const size = recordBytes(job.width);
  const count = job.records.length / size;
  if (job.targets.length !== count) throw new Error('a slice of records is malformed');
  const native = nativeBignumFor(job.engine);
  if (native) return { products: nativeAggregateJob(native, job), digest: digestText(job.records, job.width) };
  const { n2 } = modulusOf(job.n);
  const products: (bigint | undefined)[] = new Array(job.size).fill(undefined);
  for (let i = 0, at = 0; i < count; i++, at += size) {
    const c = checkedCiphertext(job.records, at + PSEUDONYM_BYTES, job, job.first + i);
    const target = job.targets[i];
    if (target >= 0) products[target] = products[target] === undefined ? c : (products[target]! * c) % n2;
  }
  return {
    products: products.map((p) => (p === undefined ? '' : p.toString(16))),
    digest: digestText(job.records, job.width),
  };
}

function powerJob(job: PowerJob): bigint {
  const native = nativeBignumFor(job.engine);
  return native && job.base >= 0n ? nativePowerJob(native, job) : powerOf(job.n, job.exponent)(job.base);
}

function sealJob(job: SealJob): HopJobResult {
  const records = job.chunk.subarray(RECORD_CHUNK_PREFIX_BYTES);
  return { box: sealBytes(job.chunk, job.recipient, job.header), digest: digestText(records, job.width) };
}

export function runHopJob(job: HopJob): HopJobResult {
  switch (job.kind) {
    case 'factor':
      return applyFactorJob(job);
    case 'encrypt':
      return encryptJob(job);
    case 'aggregate':
      return aggregateJob(job);
    case 'seal':
      return sealJob(job);
    case 'power':
      return { value: powerJob(job) };
    default:
      throw new Error('not a hop job');
  }
}

/** The buffers a result can move back instead of copying. */
export const resultBuffers = (result: HopJobResult): ArrayBuffer[] =>
  [result.records, result.digest].flatMap((b) =>
    b && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? [b.buffer as ArrayBuffer] : [],
  );
