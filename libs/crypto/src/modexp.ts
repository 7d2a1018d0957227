import { createDiffieHellman } from 'node:crypto';
import { modInv, modPow } from 'bigint-crypto-utils';

/** `bigint` is the reference implementation; `openssl` reaches OpenSSL's Montgomery modexp through node:crypto. */
export type ModexpEngine = 'openssl' | 'bigint';

/** base ↦ base^exponent mod modulus, for one exponent and modulus fixed ahead of many bases. */
export type FixedPower = (base: bigint) => bigint;

/** OpenSSL everywhere the caller does not ask for the reference (the tests and benches that compare the two do). */
export function defaultModexpEngine(): ModexpEngine {
  return 'openssl';
}

function toBytes(value: bigint): Buffer {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}

function fromBytes(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

/** OpenSSL's DH limits: 512 to 10,000-bit odd moduli, and a "public key" strictly between 1 and p − 1. */
function opensslCanTake(exponent: bigint, modulus: bigint): boolean {
  const bits = modulus.toString(2).length;
  return modulus % 2n === 1n && bits >= 512 && bits <= 10_000 && exponent >= 2n;
}

type DiffieHellman = ReturnType<typeof createDiffieHellman>;

/**
 * Creating one costs two Miller–Rabin tests (Node checks the "prime" at construction: ~30 ms for n²
 * at 2048 bits), so the few in use (one rⁿ per key, one share exponent per key holder) are kept.
 */
const cache = new Map<string, DiffieHellman>();
const CACHE_SIZE = 32;

/** Get or create, in a map that forgets its oldest entry when it holds `limit`. */
function kept<V>(map: Map<string, V>, id: string, limit: number, create: () => V): V {
  let value = map.get(id);
  if (value === undefined) {
    value = create();
    if (map.size >= limit) map.delete(map.keys().next().value!);
    map.set(id, value);
  }
  return value;
}

function diffieHellman(exponent: bigint, modulus: bigint): DiffieHellman {
  return kept(cache, `${modulus.toString(36)}^${exponent.toString(36)}`, CACHE_SIZE, () => {
    const dh = createDiffieHellman(toBytes(modulus), toBytes(2n));
    dh.setPrivateKey(toBytes(exponent));
    return dh;
  });
}

/**
 * A Diffie–Hellman object whose "prime" is our modulus and whose "private key" is our exponent:
 * computeSecret(b) is then b^exponent mod modulus, done by OpenSSL (constant time, as the exponent
 * may be a key share). OpenSSL doesn't need the modulus to be prime for this.
 */
function opensslPower(exponent: bigint, modulus: bigint): FixedPower {
  const dh = diffieHellman(exponent, modulus);
  const reference = bigintPower(exponent, modulus);
  return (base) => {
    const reduced = base % modulus;
    if (reduced <= 1n || reduced >= modulus - 1n) return reference(reduced);
    return fromBytes(dh.computeSecret(toBytes(reduced)));
  };
}

function bigintPower(exponent: bigint, modulus: bigint): FixedPower {
  return (base) => modPow(base, exponent, modulus);
}

export function fixedPower(
  exponent: bigint,
  modulus: bigint,
  engine: ModexpEngine = defaultModexpEngine(),
): FixedPower {
  if (modulus < 2n) throw new RangeError('modulus must be at least 2');
  if (exponent < 0n) {
    const positive = fixedPower(-exponent, modulus, engine);
    return (base) => positive(modInv(base, modulus));
  }
  return engine === 'openssl' && opensslCanTake(exponent, modulus)
    ? opensslPower(exponent, modulus)
    : bigintPower(exponent, modulus);
}

const byModulus = new Map<string, DiffieHellman>();

/** One Diffie–Hellman object per modulus, its "private key" replaced per call: a fresh exponent costs no primality check. */
function modulusDiffieHellman(modulus: bigint): DiffieHellman {
  return kept(byModulus, modulus.toString(36), 8, () => createDiffieHellman(toBytes(modulus), toBytes(2n)));
}

/** One-off base^exponent mod modulus through the chosen engine, for exponents used once (proofs' randomness). */
export function modPower(
  base: bigint,
  exponent: bigint,
  modulus: bigint,
  engine: ModexpEngine = defaultModexpEngine(),
): bigint {
  if (exponent < 0n) return modPower(modInv(base, modulus), -exponent, modulus, engine);
  const reduced = base % modulus;
  if (engine !== 'openssl' || !opensslCanTake(exponent, modulus) || reduced <= 1n || reduced >= modulus - 1n)
    return modPow(reduced, exponent, modulus);
  const dh = modulusDiffieHellman(modulus);
  dh.setPrivateKey(toBytes(exponent));
  return fromBytes(dh.computeSecret(toBytes(reduced)));
}
