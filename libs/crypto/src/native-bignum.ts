import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Batch Paillier arithmetic on fixed-width big-endian records by OpenSSL's BN (libs/crypto/native, built by
 * `npm ci`'s postinstall or `npm run build:native`), or the BigInt code where the addon is not built. Public values
 * only (ciphertexts, Enc(0)s, public exponents): BN_mod_exp_mont and the squarings are not constant time, so secret
 * exponents (key shares) stay on the DH path of modexp.ts.
 */
export type BignumEngine = 'native' | 'bigint';

/** Records at a fixed stride in a byte array: record i's field is `width` bytes at `offset + i·stride`. */
export interface Strided {
  bytes: Uint8Array;
  offset: number;
  stride: number;
  width: number;
}

/** The addon's functions; each refuses (throws) any view that would reach outside its array. */
export interface NativeBignum {
  /**
   * Per record: 0 < c < n² and c mod n ≠ 0, or its index is answered; `squarings` < 0 (the product encoding): c kept
   * where `has`, else 1; ≥ 0 (histograms): c^(2^squarings) where `has`; then times its randomizer mod n², into `out`.
   */
  factor(
    n: Uint8Array,
    records: Strided,
    count: number,
    has: Uint8Array,
    squarings: number,
    randomizers: Strided,
    out: Strided,
  ): number;
  /** Enc(m) = (1 + m·n)·r mod n² per record; the index of the first m ≥ n, or -1. */
  encrypt(n: Uint8Array, plaintexts: Strided, count: number, randomizers: Strided, out: Strided): number;
  /** Every record checked as in factor; record i multiplied into product targets[i] (-1: none); present[t] = 1 if any. */
  aggregate(
    n: Uint8Array,
    records: Strided,
    count: number,
    targets: Int32Array,
    size: number,
    out: Strided,
    present: Uint8Array,
  ): number;
  /** base^exponent mod an odd modulus per record, for public exponents. */
  power(modulus: Uint8Array, bases: Strided, count: number, exponent: Uint8Array, out: Strided): void;
  /** Each record's field copied, equal widths. */
  copy(from: Strided, count: number, to: Strided): void;
  /**
   * Each value big-endian into its record; the index of the first that is no BigInt, negative or too wide, or -1.
   * Absent from an addon built before it (rebuild: npm run build:native); callers then take the hex code.
   */
  bigints?(values: readonly bigint[], out: Strided): number;
}

const ADDON = join('libs', 'crypto', 'native', 'build', 'Release', 'bfa_bignum.node');

/** The addon beside the sources (libs/crypto/src) or above a build of them (dist/apps/<app>/libs/crypto/src). */
function addonPath(from: string): string | undefined {
  for (let dir = from, up = 0; up < 8; dir = dirname(dir), up++) {
    if (existsSync(join(dir, ADDON))) return join(dir, ADDON);
    if (dirname(dir) === dir) break;
  }
  return undefined;
}

type Raw = Record<keyof NativeBignum, (...args: unknown[]) => unknown>;
const spread = (v: Strided) => [v.bytes, v.offset, v.stride, v.width];

/** The raw addon's positional arguments behind named views. */
function wrap(raw: Raw): NativeBignum {
  return {
    factor: (n, records, count, has, squarings, randomizers, out) =>
      raw.factor(n, ...spread(records), count, has, squarings, ...spread(randomizers), ...spread(out)) as number,
    encrypt: (n, plaintexts, count, randomizers, out) =>
      raw.encrypt(n, ...spread(plaintexts), count, ...spread(randomizers), ...spread(out)) as number,
    aggregate: (n, records, count, targets, size, out, present) =>
      raw.aggregate(n, ...spread(records), count, targets, size, ...spread(out), present) as number,
    power: (modulus, bases, count, exponent, out) => {
      raw.power(modulus, ...spread(bases), count, exponent, ...spread(out));
    },
    copy: (from, count, to) => {
      raw.copy(...spread(from), count, ...spread(to));
    },
    ...(raw.bigints && {
      bigints: (values: readonly bigint[], out: Strided) =>
        raw.bigints(values, ...spread(out), values.length) as number,
    }),
  };
}

let loaded: { addon?: NativeBignum; reason?: string } | undefined;

function load(): { addon?: NativeBignum; reason?: string } {
  const path = addonPath(__dirname);
  if (!path) return { reason: `${ADDON} is not built (npm run build:native)` };
  try {
    return { addon: wrap(require(path) as Raw) };
  } catch (error) {
    return { reason: `${path} does not load: ${(error as Error).message}` };
  }
}

/** The addon, loaded once per thread, or undefined where it is not built or does not load. */
export function nativeBignum(): NativeBignum | undefined {
  loaded ??= load();
  return loaded.addon;
}

export const nativeBignumAvailable = (): boolean => nativeBignum() !== undefined;

/** Why the BigInt code is used, for a bench or a status line; undefined when the addon is loaded. */
export function nativeBignumUnavailableReason(): string | undefined {
  nativeBignum();
  return loaded!.reason;
}

/** The addon if `engine` allows it and it is built: 'bigint' forces the fallback (tests, benches). */
export const nativeBignumFor = (engine: BignumEngine = 'native'): NativeBignum | undefined =>
  engine === 'native' ? nativeBignum() : undefined;

/** Bytes a value needs, at least 1. */
export const byteWidth = (value: bigint): number => Math.max(1, Math.ceil(value.toString(16).length / 2));

/** Non-negative values big-endian at `width` bytes each, one after the other; a value too wide is refused. */
export function fixedWidthBytes(values: readonly bigint[], width: number): Uint8Array {
  const out = Buffer.alloc(values.length * width);
  // The addon reads BigInt's own words, no hex text: several times faster. Anything it refuses gets the code below.
  const native = width > 0 && width <= 0x10000 ? nativeBignum() : undefined;
  if (native?.bigints && native.bigints(values, { bytes: out, offset: 0, stride: width, width }) < 0) return out;
  values.forEach((value, i) => {
    const hex = value.toString(16);
    if (value < 0n || hex.length > 2 * width) throw new RangeError(`a value does not fit in ${width} bytes`);
    out.write(hex.padStart(2 * width, '0'), i * width, width, 'hex');
  });
  return out;
}

const HEX = /^[0-9a-f]*$/i;

/** Hexadecimal texts ('' for 0) big-endian at `width` bytes each; anything else, or too wide, is refused. */
export function fixedWidthHex(texts: readonly string[], width: number): Uint8Array {
  const out = Buffer.alloc(texts.length * width);
  texts.forEach((text, i) => {
    const digits = text.replace(/^0+/, '');
    if (!HEX.test(text)) throw new RangeError('not a hexadecimal integer');
    if (digits.length > 2 * width) throw new RangeError(`a value does not fit in ${width} bytes`);
    out.write(digits.padStart(2 * width, '0'), i * width, width, 'hex');
  });
  return out;
}

/** A value's big-endian bytes at its own width (for a modulus or an exponent). */
export const bigintBytes = (value: bigint): Uint8Array => fixedWidthBytes([value], byteWidth(value));
