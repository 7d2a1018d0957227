import { bigintBytes, fixedWidthBytes, fixedWidthHex, NativeBignum, Strided } from '@bfa/crypto';
import { PSEUDONYM_BYTES } from './hop-codec';
import type { EncryptJob, FactorJob, HopJobResult, AggregateJob, PowerJob } from './hop-work';

/**
 * The hop's per-record work by the native addon (OpenSSL's BN on the records' bytes, no BigInt per record): the same
 * checks, the same numbers and the same errors as the BigInt jobs in hop-work.ts, which run where it is not built.
 */

interface NativeKey {
  n: Uint8Array;
  n2: Uint8Array;
  /** Bytes of n² (and of an Enc(0)). */
  n2Width: number;
  /** Bytes of n (and of a plaintext). */
  nWidth: number;
}

const keys = new Map<string, NativeKey>();

function keyOf(hex: string): NativeKey {
  let key = keys.get(hex);
  if (!key) {
    const value = BigInt(`0x${hex}`);
    const n = bigintBytes(value);
    const n2 = bigintBytes(value * value);
    key = { n, n2, n2Width: n2.length, nWidth: n.length };
    if (keys.size >= 16) keys.clear();
    keys.set(hex, key);
  }
  return key;
}

/** Record i's pseudonym, then its ciphertext at `width`: the views of one interleaved array. */
const pseudonymsIn = (bytes: Uint8Array, width: number): Strided => ({
  bytes,
  offset: 0,
  stride: PSEUDONYM_BYTES + width,
  width: PSEUDONYM_BYTES,
});
const ciphertextsIn = (bytes: Uint8Array, width: number): Strided => ({
  bytes,
  offset: PSEUDONYM_BYTES,
  stride: PSEUDONYM_BYTES + width,
  width,
});
const packed = (bytes: Uint8Array, width: number): Strided => ({ bytes, offset: 0, stride: width, width });

const notACiphertext = (index: number) => new Error(`record ${index}: not a ciphertext under the query's key`);

/** k if the shift is 2^k (every histogram shift is), else undefined: such a job takes the BigInt path. */
export function squaringsOf(shift: string | null): number | undefined {
  if (shift === null) return -1;
  const bits = BigInt(`0x${shift}`).toString(2);
  return /^10*$/.test(bits) ? bits.length - 1 : undefined;
}

export function nativeFactorJob(native: NativeBignum, job: FactorJob, squarings: number): Uint8Array {
  const key = keyOf(job.n);
  const count = job.records.length / (PSEUDONYM_BYTES + job.width);
  const out = Buffer.alloc(count * (PSEUDONYM_BYTES + job.outWidth));
  const randomizers = fixedWidthBytes(job.randomizers, key.n2Width);
  native.copy(pseudonymsIn(job.records, job.width), count, pseudonymsIn(out, job.outWidth));
  const bad = native.factor(
    key.n,
    ciphertextsIn(job.records, job.width),
    count,
    job.has,
    squarings,
    packed(randomizers, key.n2Width),
    ciphertextsIn(out, job.outWidth),
  );
  if (bad >= 0) throw notACiphertext(job.first + bad);
  return out;
}

export function nativeEncryptJob(native: NativeBignum, job: EncryptJob): HopJobResult {
  const key = keyOf(job.n);
  const count = job.plaintexts.length;
  let plaintexts: Uint8Array;
  try {
    plaintexts = fixedWidthHex(job.plaintexts, key.nWidth);
  } catch {
    throw new RangeError('plaintext must be in [0, n)');
  }
  const randomizers = fixedWidthBytes(job.randomizers, key.n2Width);
  const out = Buffer.alloc(count * (PSEUDONYM_BYTES + job.width));
  native.copy(packed(job.pseudonyms, PSEUDONYM_BYTES), count, pseudonymsIn(out, job.width));
  const bad = native.encrypt(
    key.n,
    packed(plaintexts, key.nWidth),
    count,
    packed(randomizers, key.n2Width),
    ciphertextsIn(out, job.width),
  );
  if (bad >= 0) throw new RangeError('plaintext must be in [0, n)');
  return { records: out };
}

/** Per target its product in hexadecimal, '' for none, as the BigInt job answers. */
export function nativeAggregateJob(native: NativeBignum, job: AggregateJob): string[] {
  const key = keyOf(job.n);
  const count = job.records.length / (PSEUDONYM_BYTES + job.width);
  const out = Buffer.alloc(job.size * key.n2Width);
  const present = new Uint8Array(job.size);
  const bad = native.aggregate(
    key.n,
    ciphertextsIn(job.records, job.width),
    count,
    job.targets,
    job.size,
    packed(out, key.n2Width),
    present,
  );
  if (bad >= 0) throw notACiphertext(job.first + bad);
  return Array.from(present, (p, t) =>
    p ? BigInt(`0x${out.toString('hex', t * key.n2Width, (t + 1) * key.n2Width)}`).toString(16) : '',
  );
}

export function nativePowerJob(native: NativeBignum, job: PowerJob): bigint {
  const key = keyOf(job.n);
  const out = Buffer.alloc(key.n2Width);
  const base = bigintBytes(job.base);
  native.power(key.n2, packed(base, base.length), 1, bigintBytes(BigInt(`0x${job.exponent}`)), packed(out, out.length));
  return BigInt(`0x${out.toString('hex')}`);
}
