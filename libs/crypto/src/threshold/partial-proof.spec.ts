import { randomInt } from 'node:crypto';
import { bigintToHex, hexToBigint } from '../encoding';
import { PaillierEncryptor } from '../paillier-cipher';
import { proveThresholdPartials, thresholdPartialDecrypt, verifyThresholdPartials } from './threshold-decryption';
import { generateThresholdKey, ThresholdKey } from './threshold-keys';

const HOLDERS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];

describe('proofs of correct partial decryption (Shoup, batched per vector)', () => {
  let key: ThresholdKey;
  let ciphertexts: string[];
  beforeAll(async () => {
    key = await generateThresholdKey(512, HOLDERS, 3);
    ciphertexts = new PaillierEncryptor(key.publicKey).encryptVector(
      Array.from({ length: 6 }, () => BigInt(randomInt(0, 1_000_000))),
    );
  });

  const partialOf = (holder: string, cts = ciphertexts) => {
    const share = key.shares.find((s) => s.holder === holder)!;
    const values = thresholdPartialDecrypt(share, cts);
    return { share, values, proof: proveThresholdPartials(share, key.publicKey.verification!, cts, values) };
  };

  it("verifies every holder's honest partials", () => {
    for (const holder of HOLDERS) {
      const { values, proof } = partialOf(holder);
      expect(verifyThresholdPartials(key.publicKey, holder, ciphertexts, values, proof)).toBe(true);
    }
  });

  it('catches one wrong partial in the vector, shifted by the (1 + n)^k that the combination alone cannot see', () => {
    const { values, proof } = partialOf('ggd');
    const n = hexToBigint(key.publicKey.n);
    const shifted = [...values];
    const at = randomInt(values.length);
    shifted[at] = bigintToHex((hexToBigint(values[at]) * (1n + n)) % (n * n));
    expect(verifyThresholdPartials(key.publicKey, 'ggd', ciphertexts, shifted, proof)).toBe(false);
  });

  it("refuses a proof for other ciphertexts, under another holder's name, tampered, or with a forged share", () => {
    const { values, proof } = partialOf('ggd');
    expect(verifyThresholdPartials(key.publicKey, 'ggd', [...ciphertexts].reverse(), values, proof)).toBe(false);
    expect(verifyThresholdPartials(key.publicKey, 'gemeente', ciphertexts, values, proof)).toBe(false);
    expect(
      verifyThresholdPartials(key.publicKey, 'ggd', ciphertexts, values, {
        ...proof,
        z: bigintToHex(hexToBigint(proof.z) + 1n),
      }),
    ).toBe(false);
    expect(verifyThresholdPartials(key.publicKey, 'ggd', ciphertexts, values, { e: 'zz', z: '1' })).toBe(false);
    const share = key.shares.find((s) => s.holder === 'ggd')!;
    const forged = { ...share, share: bigintToHex(hexToBigint(share.share) + 1n) };
    const forgedValues = thresholdPartialDecrypt(forged, ciphertexts);
    expect(
      verifyThresholdPartials(
        key.publicKey,
        'ggd',
        ciphertexts,
        forgedValues,
        proveThresholdPartials(forged, key.publicKey.verification!, ciphertexts, forgedValues),
      ),
    ).toBe(false);
  });
});
