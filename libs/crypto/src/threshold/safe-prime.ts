import { generatePrime } from 'node:crypto';

/**
 * A safe prime p = 2q + 1 of `bits` bits (q prime too), as the threshold scheme needs: then
 * φ(n)/4 = p'q' has no small factors and Shamir sharing modulo n·p'q' hides the secret.
 * OpenSSL's generator (off the main thread) finds a 1024-bit one in about a second.
 */
export function generateSafePrime(bits: number): Promise<{ p: bigint; q: bigint }> {
  if (!Number.isInteger(bits) || bits < 16) return Promise.reject(new RangeError('safe primes need at least 16 bits'));
  return new Promise((resolve, reject) =>
    generatePrime(bits, { safe: true, bigint: true }, (error, p) =>
      error ? reject(error) : resolve({ p: p as bigint, q: ((p as bigint) - 1n) / 2n }),
    ),
  );
}
