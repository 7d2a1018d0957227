import { bitLength, modInv, randBetween } from 'bigint-crypto-utils';
import { bigintToHex, hexToBigint } from '../encoding';
import { keyIdOf, PaillierPublicKeyJson } from '../paillier-keys';
import { verificationKeysFor, VerificationKeys } from './partial-proof';
import { generateSafePrime } from './safe-prime';
import { shortExponentFor } from '../short-exponent';

/** Public part of a t-of-n key: encryption as usual, plus what combining partials needs. */
export interface ThresholdPublicKeyJson extends PaillierPublicKeyJson {
  scheme: 'shoup-t-of-n';
  threshold: number;
  holders: string[];
  /** What checks each holder's partial decryptions (keys made before proofs existed lack it). */
  verification?: VerificationKeys;
}

/** One holder's Shamir share s_i = f(i) of the decryption exponent; a secret of that holder's node. */
export interface ThresholdShareJson {
  keyId: string;
  scheme: 'shoup-t-of-n';
  holder: string;
  /** The evaluation point i (1-based position in holders). */
  index: number;
  threshold: number;
  holders: string[];
  n: string;
  share: string;
}

/** A new key's encryption randomness: short-exponent (the default), or rⁿ as keys made before it had. */
export type RandomnessForm = 'short-exponent' | 'r-to-the-n';

export interface ThresholdKey {
  publicKey: ThresholdPublicKeyJson;
  shares: ThresholdShareJson[];
}

export function factorial(k: number): bigint {
  let result = 1n;
  for (let i = 2n; i <= BigInt(k); i++) result *= i;
  return result;
}

/**
 * Trusted-dealer key generation after Shoup / Damgård–Jurik: n = pq with safe primes, m = p'q',
 * d ≡ 0 (mod m) and d ≡ 1 (mod n), f(X) = d + a_1 X + … + a_{t−1} X^{t−1} over Z_{nm}, share i = f(i).
 * p, q, m, d and the coefficients exist only inside this call. The randomness seed is chosen here too.
 */
export async function generateThresholdKey(
  bits: number,
  holders: string[],
  threshold: number,
  randomness: RandomnessForm = 'short-exponent',
): Promise<ThresholdKey> {
  if (!Number.isInteger(bits) || bits < 64) throw new RangeError('key size must be at least 64 bits');
  if (new Set(holders).size !== holders.length || holders.length < 2)
    throw new Error('a threshold key needs at least two distinct holders');
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > holders.length)
    throw new RangeError(`threshold must be between 1 and ${holders.length}`);
  let p: { p: bigint; q: bigint };
  let q: { p: bigint; q: bigint };
  let n: bigint;
  do {
    [p, q] = [await generateSafePrime(bits / 2), await generateSafePrime(bits / 2)];
    n = p.p * q.p;
  } while (p.p === q.p || bitLength(n) !== bits);
  const m = p.q * q.q;
  const nm = n * m;
  const d = m * modInv(m, n);
  const coefficients = [d, ...Array.from({ length: threshold - 1 }, () => randBetween(nm - 1n, 0n))];
  const f = (x: bigint) => coefficients.reduceRight((acc, a) => (acc * x + a) % nm, 0n);
  const keyId = keyIdOf(n);
  const nHex = bigintToHex(n);
  const verification = verificationKeysFor(
    n,
    factorial(holders.length),
    holders.map((holder, i) => ({ holder, share: f(BigInt(i + 1)) })),
  );
  return {
    publicKey: {
      keyId,
      bits,
      n: nHex,
      scheme: 'shoup-t-of-n',
      threshold,
      holders: [...holders],
      verification,
      ...(randomness === 'short-exponent' ? { randomness: shortExponentFor(n) } : {}),
    },
    shares: holders.map((holder, i) => ({
      keyId,
      scheme: 'shoup-t-of-n',
      holder,
      index: i + 1,
      threshold,
      holders: [...holders],
      n: nHex,
      share: bigintToHex(f(BigInt(i + 1))),
    })),
  };
}

export function parseThresholdShare(value: unknown): ThresholdShareJson {
  const json = value as ThresholdShareJson;
  if (typeof json !== 'object' || json === null || json.scheme !== 'shoup-t-of-n')
    throw new Error('not a t-of-n key share');
  const n = hexToBigint(json.n);
  hexToBigint(json.share);
  if (keyIdOf(n) !== json.keyId) throw new Error('keyId does not match n');
  if (!Array.isArray(json.holders) || json.holders[json.index - 1] !== json.holder)
    throw new Error('holder is not at its index in holders');
  if (!Number.isInteger(json.threshold) || json.threshold < 1 || json.threshold > json.holders.length)
    throw new Error('threshold out of range');
  return json;
}
