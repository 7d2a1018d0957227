import { HopWorkers } from '@bfa/combination';
import {
  bigintToHex,
  factorial,
  hexToBigint,
  PaillierEncryptor,
  thresholdPartialDecrypt,
  ThresholdShareJson,
} from '@bfa/crypto';

/**
 * thresholdPartialDecrypt with each aggregate's exponentiation (c^{2Δs_i} mod n², a 4,100-bit exponent: ≈ 14 ms at
 * 2048 bits, 50 of them for the region's combination) a job on the node's combination threads, so both cores
 * decrypt: the same checks, the same values. If the threads fail, the same on the event loop.
 */
export async function partialsOnThreads(
  workers: HopWorkers,
  share: ThresholdShareJson,
  ciphertexts: string[],
): Promise<string[]> {
  if (workers.threads === 0) return thresholdPartialDecrypt(share, ciphertexts);
  const encryptor = new PaillierEncryptor({ keyId: share.keyId, bits: 0, n: share.n });
  const bases = encryptor.parseVector(ciphertexts);
  const exponent = (2n * factorial(share.holders.length) * hexToBigint(share.share)).toString(16);
  const n = encryptor.n.toString(16);
  try {
    const powers = await Promise.all(bases.map((base) => workers.run({ kind: 'power', n, exponent, base })));
    return powers.map((power) => bigintToHex(power.value!));
  } catch {
    return thresholdPartialDecrypt(share, ciphertexts);
  }
}
