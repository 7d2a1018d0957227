import fc from 'fast-check';
import { aggregateVectors } from './aggregate-vectors';
import { bigintToHex } from './encoding';
import { PaillierEncryptor } from './paillier-cipher';
import { keyIdOf } from './paillier-keys';

// Fixed primes, so a ciphertext that shares a factor with n can be made: far too small for use, right for the check.
const p = 1000000007n;
const q = 998244353n;
const n = p * q;
const encryptor = new PaillierEncryptor({ keyId: keyIdOf(n), bits: 60, n: bigintToHex(n) });

describe('aggregateVectors: the product of many partners’ vectors, coprimality checked once per cell', () => {
  const vectors = (values: bigint[][]) => values.map((v) => encryptor.encryptVector(v));

  it('equals addVectors on valid ciphertexts (property: random partners, cells, values)', () => {
    const table = fc.integer({ min: 1, max: 6 }).chain((cells) =>
      fc.array(fc.array(fc.bigInt({ min: 0n, max: 10_000n }), { minLength: cells, maxLength: cells }), {
        minLength: 1,
        maxLength: 8,
      }),
    );
    fc.assert(
      fc.property(table, (values) => {
        const ciphertexts = vectors(values);
        expect(aggregateVectors(encryptor, ciphertexts)).toEqual(encryptor.addVectors(ciphertexts));
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    ['a multiple of p', p * 12345n],
    ['a multiple of q', q],
    ['n itself', n],
  ])('refuses a ciphertext that is %s, naming its cell and vector, as addVectors refuses it', (_, bad) => {
    const ciphertexts = vectors([
      [1n, 2n, 3n],
      [4n, 5n, 6n],
      [7n, 8n, 9n],
    ]);
    ciphertexts[2][1] = bigintToHex(bad);
    expect(() => encryptor.addVectors(ciphertexts)).toThrow(/not a valid ciphertext/);
    expect(() => aggregateVectors(encryptor, ciphertexts)).toThrow(
      `ciphertext 1 of vector 2 is not a valid ciphertext under key ${encryptor.publicKey.keyId}`,
    );
  });

  it.each([
    ['zero', '0', /ciphertext 0 is not a valid ciphertext/],
    ['n² or more', bigintToHex(n * n), /ciphertext 0 is not a valid ciphertext/],
    ['not hexadecimal', 'zz', /ciphertext 0 is not hexadecimal/],
  ])('refuses a ciphertext that is %s', (_, bad, reason) => {
    const ciphertexts = vectors([[1n], [2n]]);
    ciphertexts[1][0] = bad;
    expect(() => aggregateVectors(encryptor, ciphertexts)).toThrow(reason);
  });

  it('refuses vectors of different lengths, and nothing to add', () => {
    expect(() => aggregateVectors(encryptor, vectors([[1n, 2n], [3n]]))).toThrow(/differ in length/);
    expect(() => aggregateVectors(encryptor, [])).toThrow(/nothing to add/);
  });
});
