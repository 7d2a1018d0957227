import { hexToBigint } from './encoding';
import { PartialDecryptionVector, ThresholdPublicKeyJson } from './threshold';

/**
 * The bench's plaintext floor (BFA_BENCH_PLAINTEXT, refused outside the bench's own local cluster): the same
 * messages, shapes and checks as a query, without the cryptography. Enc(m; r = 1) = 1 + m·n mod n² carries the
 * value in the clear, so the ciphertext checks and the homomorphic product (one multiplication per cell) stay,
 * while the rⁿ, the partial decryptions c^{2Δs_i}, their proofs and the combination's exponentiations go.
 */
export const NO_RANDOMNESS = { take: (): bigint => 1n };

/** A key holder's "partial decryption" in the floor: the aggregate as it is, no share applied. */
export function plaintextPartials(aggregate: string[]): string[] {
  return [...aggregate];
}

/** The floor's combination: (c − 1)/n of each aggregate ciphertext, after checking the holders sent the same aggregate. */
export function openPlaintextPartials(
  publicKey: ThresholdPublicKeyJson,
  partials: PartialDecryptionVector[],
): bigint[] {
  if (partials.length < publicKey.threshold)
    throw new Error(`${partials.length} partial decryptions; at least ${publicKey.threshold} needed`);
  const [first, ...rest] = partials.map((p) => p.values.map((v) => hexToBigint(v)));
  if (rest.some((values) => values.length !== first.length || values.some((c, cell) => c !== first[cell])))
    throw new Error('partial decryptions disagree');
  const n = hexToBigint(publicKey.n);
  return first.map((c, cell) => {
    if ((c - 1n) % n !== 0n)
      throw new Error(`cell ${cell} was encrypted with randomness: not a plaintext-floor aggregate`);
    return (c - 1n) / n;
  });
}

/**
 * The cells of a vector "encrypted" the floor's way, without randomness: c ≡ 1 (mod n), which is 1 + m·n and
 * readable by whoever holds it. A real ciphertext g^m·rⁿ is that only if rⁿ ≡ 1 (mod n), with negligible
 * probability, so a process not in the bench refuses such a vector: a node started in the floor by mistake is
 * caught at its first query, not trusted with every partner's. Text that isn't hex is left to the other checks.
 */
export function unrandomisedCells(n: bigint, ciphertexts: string[]): number[] {
  return ciphertexts.flatMap((text, cell) => {
    try {
      return hexToBigint(text) % n === 1n ? [cell] : [];
    } catch {
      return [];
    }
  });
}
