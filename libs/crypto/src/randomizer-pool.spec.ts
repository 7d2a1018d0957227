import { generateThresholdKey, combineThresholdPartials, thresholdPartialDecrypt } from './threshold';
import { PaillierEncryptor } from './paillier-cipher';
import { RandomizerPool } from './randomizer-pool';

describe('RandomizerPool', () => {
  it('hands out each precomputed rⁿ once, falls back to fresh ones, and its ciphertexts decrypt', async () => {
    const key = await generateThresholdKey(512, ['a-org', 'b-org'], 2);
    const encryptor = new PaillierEncryptor(key.publicKey);
    const pool = new RandomizerPool(encryptor);
    await pool.refill(10, 3);
    expect(pool.size).toBe(10);
    const taken = Array.from({ length: 12 }, () => pool.take());
    expect(pool.size).toBe(0);
    expect(new Set(taken).size).toBe(12);
    const ciphertexts = taken.map((r, i) => encryptor.encrypt(BigInt(i), r).toString(16));
    const partials = key.shares.map((s) => ({ holder: s.holder, keyId: s.keyId, values: thresholdPartialDecrypt(s, ciphertexts) }));
    expect(combineThresholdPartials(key.publicKey, partials)).toEqual(taken.map((_, i) => BigInt(i)));
  });

  it('runs one refill at a time', async () => {
    const key = await generateThresholdKey(512, ['a-org', 'b-org'], 1);
    const pool = new RandomizerPool(new PaillierEncryptor(key.publicKey));
    await Promise.all([pool.refill(5), pool.refill(5)]);
    expect(pool.size).toBe(5);
  });
});
