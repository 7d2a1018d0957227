import { modPow } from 'bigint-crypto-utils';
import * as paillier from 'paillier-bigint';
import { bigintToHex } from './encoding';
import { PaillierEncryptor } from './paillier-cipher';
import { keyIdOf, parsePublicKey } from './paillier-keys';

// Fixed primes: a known-answer key. Far too small for use, exactly right for checking the formula.
const p = 1000000007n;
const q = 998244353n;
const n = p * q;
const n2 = n * n;
const publicKey = { keyId: keyIdOf(n), bits: 60, n: bigintToHex(n) };
const lambda = (p - 1n) * (q - 1n);
const L = (x: bigint) => (x - 1n) / n;
const mu = modPow(L(modPow(n + 1n, lambda, n2)), -1n, n);
const decrypt = (c: bigint) => (L(modPow(c, lambda, n2)) * mu) % n;

describe('PaillierEncryptor', () => {
  const encryptor = new PaillierEncryptor(publicKey);

  it('known answer: Enc(m) with fixed p, q, r equals (1 + m·n)·rⁿ mod n², as paillier-bigint computes it', () => {
    const [m, r] = [123456789n, 987654321n];
    const byHand = ((1n + m * n) * modPow(r, n, n2)) % n2;
    expect(new paillier.PublicKey(n, n + 1n).encrypt(m, r)).toBe(byHand);
    expect(decrypt(byHand)).toBe(m);
    expect(decrypt(encryptor.encrypt(m))).toBe(m);
  });

  it('adds under encryption (property, random values)', () => {
    for (let trial = 0; trial < 50; trial++) {
      const [a, b] = [BigInt(Math.floor(Math.random() * 1e9)), BigInt(Math.floor(Math.random() * 1e9))];
      expect(decrypt(encryptor.add(encryptor.encrypt(a), encryptor.encrypt(b)))).toBe(a + b);
    }
    const vectors = [
      [1n, 2n, 3n],
      [10n, 20n, 30n],
      [100n, 0n, 7n],
    ];
    const sum = encryptor
      .addVectors(vectors.map((v) => encryptor.encryptVector(v)))
      .map((c) => decrypt(BigInt(`0x${c}`)));
    expect(sum).toEqual([111n, 22n, 40n]);
  });

  it('encrypts the same value differently each time, and the ciphertext alone does not show it (not of the form 1 + m·n)', () => {
    const [c1, c2] = [encryptor.encrypt(7n), encryptor.encrypt(7n)];
    expect(c1).not.toBe(c2);
    expect((c1 - 1n) % n).not.toBe(0n);
  });

  it('refuses plaintexts outside [0, n) and invalid ciphertexts, naming the index', () => {
    expect(() => encryptor.encrypt(-1n)).toThrow(RangeError);
    expect(() => encryptor.encrypt(n)).toThrow(RangeError);
    const good = encryptor.encryptVector([1n])[0];
    expect(() => encryptor.parseVector([good, 'zz'])).toThrow(/ciphertext 1 is not hexadecimal/);
    expect(() => encryptor.parseVector([good, good, bigintToHex(n2)])).toThrow(/ciphertext 2 is not a valid/);
    expect(() => encryptor.parseVector([bigintToHex(p)])).toThrow(/ciphertext 0/);
    expect(() => encryptor.addVectors([[good], [good, good]])).toThrow(/differ in length/);
  });

  it('validates a public key file', () => {
    expect(parsePublicKey(publicKey)).toEqual(publicKey);
    expect(() => parsePublicKey({ ...publicKey, keyId: '0'.repeat(16) })).toThrow(/keyId/);
    expect(() => parsePublicKey({ ...publicKey, n: 'xyz' })).toThrow(/hexadecimal/);
  });
});
