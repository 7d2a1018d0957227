import { openPlaintextPartials, NO_RANDOMNESS, plaintextPartials } from './bench-plaintext';
import { PaillierEncryptor } from './paillier-cipher';
import { combineThresholdPartials, generateThresholdKey, thresholdPartialDecrypt, ThresholdKey } from './threshold';

const HOLDERS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];

describe("the bench's plaintext floor", () => {
  let key: ThresholdKey;
  let encryptor: PaillierEncryptor;
  beforeAll(async () => {
    key = await generateThresholdKey(256, HOLDERS, 3);
    encryptor = new PaillierEncryptor(key.publicKey);
  }, 60_000);

  const asPartials = (values: string[], holders = HOLDERS.slice(0, 3)) =>
    holders.map((holder) => ({ holder, keyId: key.publicKey.keyId, values }));

  it('sums the same as the encrypted path: valid ciphertexts, the same homomorphic product', () => {
    const cells = [
      [3n, 0n, 17n],
      [5n, 2n, 0n],
      [1n, 1n, 1n],
    ];
    const floor = encryptor.addVectors(cells.map((c) => encryptor.encryptVector(c, NO_RANDOMNESS)));
    expect(() => encryptor.parseVector(floor)).not.toThrow();
    expect(openPlaintextPartials(key.publicKey, asPartials(plaintextPartials(floor)))).toEqual([9n, 3n, 18n]);
    const real = encryptor.addVectors(cells.map((c) => encryptor.encryptVector(c)));
    const shares = key.shares
      .slice(0, 3)
      .map((s) => ({ holder: s.holder, keyId: s.keyId, values: thresholdPartialDecrypt(s, real) }));
    expect(combineThresholdPartials(key.publicKey, shares)).toEqual([9n, 3n, 18n]);
  });

  it('refuses a real ciphertext: a run in the clear never reads an encrypted aggregate as if it were one', () => {
    const real = encryptor.encryptVector([4n]);
    expect(() => openPlaintextPartials(key.publicKey, asPartials(real))).toThrow(/encrypted with randomness/);
  });

  it('refuses holders that sent different aggregates, or fewer than the threshold', () => {
    const a = encryptor.encryptVector([4n], NO_RANDOMNESS);
    const b = encryptor.encryptVector([5n], NO_RANDOMNESS);
    expect(() =>
      openPlaintextPartials(key.publicKey, [...asPartials(a, HOLDERS.slice(0, 2)), ...asPartials(b, ['sterkhuis'])]),
    ).toThrow(/disagree/);
    expect(() => openPlaintextPartials(key.publicKey, asPartials(a, ['ggd']))).toThrow(/at least 3 needed/);
  });
});
