import { isProbablyPrime, randBitsSync } from 'bigint-crypto-utils';

const SMALL_PRIMES: bigint[] = (() => {
  const limit = 20000;
  const sieve = new Uint8Array(limit);
  const primes: bigint[] = [];
  for (let i = 2; i < limit; i++) {
    if (sieve[i]) continue;
    primes.push(BigInt(i));
    for (let j = i * i; j < limit; j += i) sieve[j] = 1;
  }
  return primes;
})();

/** q and 2q + 1 both free of small factors: cheap to check, and rules out almost every candidate. */
function survivesSieve(q: bigint): boolean {
  for (const s of SMALL_PRIMES) {
    const r = q % s;
    if (r === 0n || (2n * r + 1n) % s === 0n) return q === s;
  }
  return true;
}

function randomOdd(bits: number): bigint {
  const value = BigInt(`0x${Buffer.from(randBitsSync(bits, true)).toString('hex')}`);
  return value | 1n;
}

/**
 * A safe prime p = 2q + 1 of `bits` bits (q prime too), as the threshold scheme needs: then
 * φ(n)/4 = p'q' has no small factors and Shamir sharing modulo n·p'q' hides the secret.
 */
export async function generateSafePrime(bits: number): Promise<{ p: bigint; q: bigint }> {
  if (bits < 16) throw new RangeError('safe primes need at least 16 bits');
  for (;;) {
    const q = randomOdd(bits - 1);
    if (!survivesSieve(q)) continue;
    if (!(await isProbablyPrime(q, 20, true))) continue;
    const p = 2n * q + 1n;
    if (await isProbablyPrime(p, 20, true)) return { p, q };
  }
}
