import { gcd } from 'bigint-crypto-utils';
import { bigintToHex, hexToBigint } from './encoding';
import { PaillierEncryptor } from './paillier-cipher';

/**
 * The cell-wise product of many partners' ciphertext vectors, checked as `addVectors` checks them but with one
 * gcd per aggregate cell instead of one per ciphertext: a prime factor of n divides a product mod n² exactly when
 * it divides one of its factors, so gcd(∏c, n) = 1 proves every c of the cell coprime to n. Hex and range
 * (0 < c < n²) are still checked per ciphertext. At 200 partners the per-ciphertext gcd was nearly all of the
 * aggregation's time (docs/performance.md); a cell that fails is looked into to name the ciphertext.
 */
export function aggregateVectors(encryptor: PaillierEncryptor, vectors: string[][]): string[] {
  if (vectors.length === 0) throw new Error('nothing to add');
  const length = vectors[0].length;
  if (vectors.some((v) => v.length !== length)) throw new Error('ciphertext vectors differ in length');
  const parsed = vectors.map((v) => v.map((text, i) => inRange(encryptor, text, i)));
  return parsed[0].map((_, cell) => {
    const product = parsed.reduce((acc, v) => (acc * v[cell]) % encryptor.n2, 1n);
    if (gcd(product, encryptor.n) !== 1n) throw notCoprime(encryptor, parsed, cell);
    return bigintToHex(product);
  });
}

/** Which vector's ciphertext shares a factor with n: looked for only once a cell's product showed one does. */
function notCoprime(encryptor: PaillierEncryptor, parsed: bigint[][], cell: number): Error {
  const vector = parsed.findIndex((v) => gcd(v[cell], encryptor.n) !== 1n);
  return new Error(
    `ciphertext ${cell} of vector ${vector} is not a valid ciphertext under key ${encryptor.publicKey.keyId}`,
  );
}

function inRange(encryptor: PaillierEncryptor, text: string, i: number): bigint {
  let c: bigint;
  try {
    c = hexToBigint(text);
  } catch {
    throw new Error(`ciphertext ${i} is not hexadecimal`);
  }
  if (c <= 0n || c >= encryptor.n2)
    throw new Error(`ciphertext ${i} is not a valid ciphertext under key ${encryptor.publicKey.keyId}`);
  return c;
}
