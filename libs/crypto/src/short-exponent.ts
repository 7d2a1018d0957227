import { createHash, randomBytes } from 'node:crypto';
import { gcd } from 'bigint-crypto-utils';
import { bigintToHex, hexToBigint } from './encoding';
import { defaultModexpEngine, fixedPower, ModexpEngine, modPower } from './modexp';

/**
 * How a key's encryption randomness is made, recorded by the ceremony in the public key. Keys without it
 * keep rⁿ for r uniform in Z*_n.
 *
 * `short-exponent/v1` (Damgård–Jurik–Nielsen): h = −x² mod n with x derived from `seed`, h_s = hⁿ mod n², and
 * each randomizer is h_s^α for α uniform below 2^exponentBits. It rests on DCR and on the short-exponent
 * assumption: h_s^α with a short α can't be told from h_s^α with α uniform modulo the order of h_s.
 */
export interface ShortExponentJson {
  form: 'short-exponent/v1';
  /** 32 random bytes from the ceremony; h follows from it and n, so nobody chooses h (a tampered h_s is refused). */
  seed: string;
  hs: string;
  exponentBits: number;
}

/**
 * 2λ for λ = 128: the best attacks on a short exponent (Pollard's kangaroo, van Oorschot–Wiener) take about
 * 2^(bits/2) steps when the order of h_s has no small factors except 2, as with safe primes; 2^128 is above
 * the ≈ 112-bit strength of a 2048-bit n, so the exponent is not the weakest link.
 */
export const SHORT_EXPONENT_BITS = 256;

const TAG = 'bfa/short-exponent/v1';

/** x from the seed by SHA-512 in counter mode, 128 bits longer than n so that x mod n is statistically uniform. */
function expand(seed: string, n: bigint, round: number): bigint {
  const bytes = Math.ceil((n.toString(2).length + 128) / 8);
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 64 < bytes; i++)
    blocks.push(
      createHash('sha512')
        .update(`${TAG}\n${bigintToHex(n)}\n${seed}\n${round}\n${i}`)
        .digest(),
    );
  return BigInt(`0x${Buffer.concat(blocks).subarray(0, bytes).toString('hex')}`) % n;
}

/** h = −x² mod n, a unit of Jacobi symbol 1 (it generates J_n, of order 2p'q', but for a negligible fraction of x). */
export function shortExponentBase(seed: string, n: bigint): bigint {
  for (let round = 0; ; round++) {
    const x = expand(seed, n, round);
    const h = (n - ((x * x) % n)) % n;
    if (h > 1n && h < n - 1n && gcd(h, n) === 1n) return h;
  }
}

/** What the ceremony records for a new key's randomness. */
export function shortExponentFor(n: bigint, engine: ModexpEngine = defaultModexpEngine()): ShortExponentJson {
  const seed = randomBytes(32).toString('hex');
  const hs = fixedPower(n, n * n, engine)(shortExponentBase(seed, n));
  return { form: 'short-exponent/v1', seed, hs: bigintToHex(hs), exponentBits: SHORT_EXPONENT_BITS };
}

/** h_s after checking it is hⁿ for the h its seed gives, and that α is at least 2λ bits: a key file can't weaken the randomness. */
export function parseShortExponent(
  value: unknown,
  n: bigint,
  engine: ModexpEngine = defaultModexpEngine(),
): { hs: bigint; exponentBits: number } {
  const json = value as ShortExponentJson;
  if (typeof json !== 'object' || json === null || json.form !== 'short-exponent/v1')
    throw new Error('randomness: unknown form (expected short-exponent/v1)');
  if (typeof json.seed !== 'string' || !/^[0-9a-f]{64}$/.test(json.seed))
    throw new Error('randomness: seed must be 32 bytes of hexadecimal');
  if (!Number.isInteger(json.exponentBits) || json.exponentBits < SHORT_EXPONENT_BITS || json.exponentBits > 4096) {
    throw new Error(`randomness: exponentBits must be an integer from ${SHORT_EXPONENT_BITS} to 4096`);
  }
  const hs = hexToBigint(json.hs);
  if (hs !== fixedPower(n, n * n, engine)(shortExponentBase(json.seed, n)))
    throw new Error('randomness: hs is not hⁿ mod n² for the h its seed gives');
  return { hs, exponentBits: json.exponentBits };
}

/** α uniform below 2^bits, from the system's CSPRNG. */
export function shortExponent(bits: number): bigint {
  const bytes = randomBytes(Math.ceil(bits / 8));
  bytes[0] &= 0xff >> (bytes.length * 8 - bits);
  return BigInt(`0x${bytes.toString('hex')}`);
}

/** h_s^α mod n² with a fresh α: OpenSSL's constant-time modexp, as α opens the ciphertext it randomises. */
export function shortExponentRandomizer(
  hs: bigint,
  n2: bigint,
  exponentBits: number,
  engine: ModexpEngine = defaultModexpEngine(),
): bigint {
  let alpha: bigint;
  do alpha = shortExponent(exponentBits);
  while (alpha < 2n);
  return modPower(hs, alpha, n2, engine);
}
