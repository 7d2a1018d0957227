import { join } from 'node:path';
import { HopWorkers } from '@bfa/combination';
import {
  combineThresholdPartials,
  generateThresholdKey,
  PaillierEncryptor,
  thresholdPartialDecrypt,
  ThresholdKey,
} from '@bfa/crypto';
import { partialsOnThreads } from './partials-on-threads';

describe('partialsOnThreads (a key holder’s partial decryptions on the combination threads)', () => {
  let key: ThresholdKey;
  let ciphertexts: string[];
  const threads = new HopWorkers(2);
  // Each thread compiles its script under ts-node on first use: seconds on a loaded machine.
  beforeAll(async () => {
    key = await generateThresholdKey(512, ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'], 3);
    ciphertexts = new PaillierEncryptor(key.publicKey).encryptVector([0n, 1n, 5n, 123_456n, 7n, 99n, 2n]);
  }, 60_000);
  afterAll(() => threads.close());

  it('gives every holder the same partials as thresholdPartialDecrypt, in order, on threads and inline', async () => {
    for (const share of key.shares) {
      const expected = thresholdPartialDecrypt(share, ciphertexts);
      expect(await partialsOnThreads(threads, share, ciphertexts)).toEqual(expected);
      expect(await partialsOnThreads(new HopWorkers(0), share, ciphertexts)).toEqual(expected);
    }
    const partials = await Promise.all(
      key.shares.slice(1).map(async (share) => ({
        holder: share.holder,
        keyId: share.keyId,
        values: await partialsOnThreads(threads, share, ciphertexts),
      })),
    );
    expect(combineThresholdPartials(key.publicKey, partials)).toEqual([0n, 1n, 5n, 123_456n, 7n, 99n, 2n]);
  }, 60_000);

  it('refuses what thresholdPartialDecrypt refuses, with its reason', async () => {
    const share = key.shares[0];
    for (const bad of [['zz'], ['00'], [key.publicKey.n]]) {
      let reason = '';
      try {
        thresholdPartialDecrypt(share, bad);
      } catch (error) {
        reason = (error as Error).message;
      }
      expect(reason).not.toBe('');
      await expect(partialsOnThreads(threads, share, bad)).rejects.toThrow(reason);
    }
    expect(await partialsOnThreads(threads, share, [])).toEqual([]);
  });

  it('decrypts on the event loop when its threads fail', async () => {
    const broken = new HopWorkers(1, { file: join(__dirname, 'no-such.worker.js') });
    const share = key.shares[2];
    expect(await partialsOnThreads(broken, share, ciphertexts)).toEqual(thresholdPartialDecrypt(share, ciphertexts));
    await broken.close();
  });
});
