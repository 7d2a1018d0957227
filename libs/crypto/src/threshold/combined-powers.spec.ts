import fc from 'fast-check';
import { modInv, modPow } from 'bigint-crypto-utils';
import { bigintToHex, hexToBigint } from '../encoding';
import { fixedPower } from '../modexp';
import { PaillierEncryptor } from '../paillier-cipher';
import { batchInverse, combinedPowers } from './combined-powers';
import { combineThresholdPartials, integerLagrangeAtZero, thresholdPartialDecrypt } from './threshold-decryption';
import { factorial, generateThresholdKey, ThresholdKey, ThresholdPublicKeyJson } from './threshold-keys';

/** combineThresholdPartials as it was before the batch inverse, word for word: the reference the new one must equal. */
function referenceCombine(
  publicKey: ThresholdPublicKeyJson,
  partials: { holder: string; values: string[] }[],
): bigint[] {
  const subset = (chosen: typeof partials) => {
    const encryptor = new PaillierEncryptor(publicKey);
    const delta = factorial(publicKey.holders.length);
    const points = chosen.map((p) => publicKey.holders.indexOf(p.holder) + 1);
    const powers = points.map((i) => fixedPower(2n * integerLagrangeAtZero(i, points, delta), encryptor.n2, 'bigint'));
    const inverse = modInv(4n * delta * delta, encryptor.n);
    const vectors = chosen.map((p) => p.values.map((v) => hexToBigint(v)));
    return vectors[0].map((_, cell) => {
      const combined = vectors.reduce((product, v, k) => (product * powers[k](v[cell])) % encryptor.n2, 1n);
      if ((combined - 1n) % encryptor.n !== 0n)
        throw new Error(
          `cell ${cell}: partial decryptions do not combine (a share is wrong, or they are over different ciphertexts)`,
        );
      return (((combined - 1n) / encryptor.n) * inverse) % encryptor.n;
    });
  };
  const first = subset(partials.slice(0, publicKey.threshold));
  if (partials.length > publicKey.threshold) {
    const second = subset(partials.slice(-publicKey.threshold));
    if (second.some((m, cell) => m !== first[cell]))
      throw new Error('partial decryptions disagree: at least one is wrong');
  }
  return first;
}

const outcome = (work: () => bigint[]): { value: bigint[] } | { error: string } => {
  try {
    return { value: work() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe('combined powers with one batch inverse', () => {
  // An odd composite like n²: random values nearly always have an inverse; now and then one that has none.
  const modulus = 1009n * 1009n * 1013n * 1013n;
  const value = fc.oneof(
    { arbitrary: fc.bigInt({ min: 1n, max: modulus - 1n }), weight: 30 },
    { arbitrary: fc.constantFrom(0n, 1n, 1009n, 2n * 1013n), weight: 1 },
  );

  it('equals each value raised on its own, or answers null exactly when a value with a negative exponent has no inverse (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((k) =>
            fc.tuple(
              fc.array(fc.array(value, { minLength: 4, maxLength: 4 }), { minLength: k, maxLength: k }),
              fc.array(fc.bigInt({ min: -300n, max: 300n }), { minLength: k, maxLength: k }),
            ),
          ),
        ([vectors, exponents]) => {
          const invertible = (v: bigint) => {
            try {
              modInv(v, modulus);
              return true;
            } catch {
              return false;
            }
          };
          const none = vectors.some((values, k) => exponents[k] < 0n && values.some((v) => !invertible(v)));
          const batch = combinedPowers(vectors, exponents, modulus);
          if (none) return expect(batch).toBeNull();
          const each = vectors[0].map((_, cell) =>
            vectors.reduce(
              (p, values, k) => (p * fixedPower(exponents[k], modulus, 'bigint')(values[cell])) % modulus,
              1n,
            ),
          );
          expect(batch).toEqual(each);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('inverts every value, and none of a list with a value that has no inverse', () => {
    const values = [2n, 4n, 8n, 13n, 1n];
    expect(batchInverse(values, 1009n)).toEqual(values.map((v) => modInv(v, 1009n)));
    expect(batchInverse([2n, 1009n * 2n, 3n], 1009n * 1009n)).toBeNull();
    expect(batchInverse([], 1009n)).toEqual([]);
  });
});

describe('combineThresholdPartials with the batch inverse', () => {
  let key: ThresholdKey;
  let ciphertexts: string[];
  beforeAll(async () => {
    key = await generateThresholdKey(256, ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'], 3);
    ciphertexts = new PaillierEncryptor(key.publicKey).encryptVector([0n, 1n, 42n, 1_000_000n, 7n]);
  }, 60_000);

  it('gives the same plaintexts, and refuses the same partials with the same reason, as before (property)', () => {
    const n = hexToBigint(key.publicKey.n);
    const honest = key.shares.map((share) => ({
      holder: share.holder,
      keyId: share.keyId,
      values: thresholdPartialDecrypt(share, ciphertexts),
    }));
    // What can go wrong with a value: another number, one sharing n's factor, 0, a valid-looking (1 + n) shift, n².
    const tamper = fc.constantFrom(
      (v: bigint) => v,
      (v: bigint) => (v * 5n) % (n * n),
      (v: bigint) => (v * (1n + n)) % (n * n),
      () => 0n,
      () => n,
      () => 1n,
      (v: bigint) => v + n * n,
      (v: bigint) => modPow(v, 3n, n * n),
    );
    fc.assert(
      fc.property(
        fc.shuffledSubarray(honest, { minLength: 3, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(3), fc.nat(4), tamper), { maxLength: 3 }),
        (chosen, changes) => {
          const partials = chosen.map((p) => ({ ...p, values: [...p.values] }));
          for (const [k, cell, change] of changes)
            if (partials[k]) partials[k].values[cell] = bigintToHex(change(hexToBigint(partials[k].values[cell])));
          expect(outcome(() => combineThresholdPartials(key.publicKey, partials))).toEqual(
            outcome(() => referenceCombine(key.publicKey, partials)),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
