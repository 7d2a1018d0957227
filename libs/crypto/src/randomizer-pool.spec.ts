import { generateThresholdKey, combineThresholdPartials, thresholdPartialDecrypt, ThresholdKey } from './threshold';
import { PaillierEncryptor } from './paillier-cipher';
import { RandomizerPool } from './randomizer-pool';
import { RandomizerWorkers } from './randomizer-workers';

/** Each value, used as the randomness of Enc(i), must decrypt to i: it is an n-th residue under this key. */
function decryptsBack(key: ThresholdKey, encryptor: PaillierEncryptor, randomizers: bigint[]): boolean {
  const ciphertexts = randomizers.map((r, i) => encryptor.encrypt(BigInt(i), r).toString(16));
  const partials = key.shares.map((s) => ({
    holder: s.holder,
    keyId: s.keyId,
    values: thresholdPartialDecrypt(s, ciphertexts),
  }));
  const plaintexts = combineThresholdPartials(key.publicKey, partials);
  return plaintexts.every((m, i) => m === BigInt(i));
}

describe('RandomizerPool', () => {
  let key: ThresholdKey;
  let encryptor: PaillierEncryptor;

  beforeAll(async () => {
    key = await generateThresholdKey(512, ['a-org', 'b-org'], 2);
    encryptor = new PaillierEncryptor(key.publicKey);
  });

  it('hands out each precomputed rⁿ once, falls back to fresh ones, and its ciphertexts decrypt', async () => {
    const pool = new RandomizerPool(encryptor);
    await pool.refill(10, 3);
    expect(pool.size).toBe(10);
    const taken = Array.from({ length: 12 }, () => pool.take());
    expect(pool.size).toBe(0);
    expect(new Set(taken).size).toBe(12);
    expect(decryptsBack(key, encryptor, taken)).toBe(true);
  });

  it('runs one refill at a time, towards the latest target', async () => {
    const pool = new RandomizerPool(encryptor);
    await Promise.all([pool.refill(5), pool.refill(7)]);
    expect(pool.size).toBe(7);
    expect(pool.status()).toEqual({ ready: 7, target: 7, filling: false, threads: 0, sealed: 0 });
  });

  describe('on worker threads', () => {
    let pool: RandomizerPool;

    beforeAll(() => {
      pool = new RandomizerPool(encryptor, { threads: 2 });
    });
    afterAll(() => pool.close());

    it('fills in the background with values that are fresh, distinct and valid under the key', async () => {
      const filling = pool.refill(40);
      expect(pool.status()).toMatchObject({ target: 40, filling: true, threads: 2 });
      await filling;
      expect(pool.status()).toMatchObject({ ready: 40, filling: false });
      const taken = Array.from({ length: 40 }, () => pool.take());
      expect(new Set(taken).size).toBe(40);
      expect(decryptsBack(key, encryptor, taken)).toBe(true);
    });

    it('ensures a step has what it needs, computing only the shortfall', async () => {
      await pool.refill(5);
      await pool.ensure(25);
      expect(pool.size).toBe(25);
      await pool.ensure(10);
      expect(pool.size).toBe(25);
      const taken = Array.from({ length: 25 }, () => pool.take());
      expect(new Set(taken).size).toBe(25);
      expect(decryptsBack(key, encryptor, taken)).toBe(true);
    });

    it('never hands out a value twice when a fill and a step draw at once', async () => {
      const filling = pool.refill(60);
      const drawn: bigint[] = [];
      while (pool.status().filling) {
        await pool.ensure(3);
        drawn.push(pool.take(), pool.take(), pool.take());
      }
      await filling;
      drawn.push(...Array.from({ length: pool.size }, () => pool.take()));
      expect(new Set(drawn).size).toBe(drawn.length);
      expect(drawn.length).toBeGreaterThanOrEqual(60);
    });
  });

  it('a worker thread that fails rejects the computation with its reason, and the process carries on', async () => {
    const workers = new RandomizerWorkers({ ...key.publicKey, n: 'not hexadecimal' }, { threads: 2, batch: 4 });
    await expect(workers.compute(40)).rejects.toThrow(/hexadecimal/i);
    await workers.close();
    const healthy = new RandomizerWorkers(key.publicKey, { threads: 1 });
    await expect(healthy.compute(3)).resolves.toHaveLength(3);
    await healthy.close();
  });
});
