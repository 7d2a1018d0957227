import { randomBytes, randomInt } from 'node:crypto';
import { Rational, rational } from './rational';

/**
 * Exact samplers of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020),
 * Algorithms 1 to 3: integers and rationals on BigInt, uniform draws from the OS's CSPRNG by rejection, no floating
 * point anywhere, so the output distribution is exactly the one the privacy proof assumes (no Mironov-style gaps).
 * They are not constant-time: the number of draws depends on the output (see docs/DESIGN.md).
 */

const RANDOM_INT_RANGE = 2n ** 48n;

/**
 * Uniform on {0, …, n − 1}: node:crypto's randomInt below 2⁴⁸ (itself rejection sampling, from a cached CSPRNG
 * pool); above, the fewest whole bytes covering n − 1, top bits masked, out-of-range draws rejected.
 */
export function uniformBelow(n: bigint): bigint {
  if (n < 1n) throw new RangeError('uniformBelow needs n ≥ 1');
  if (n < RANDOM_INT_RANGE) return BigInt(randomInt(Number(n)));
  const bits = (n - 1n).toString(2).length;
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    const draw = BigInt(`0x${randomBytes(Math.ceil(bits / 8)).toString('hex')}`) & mask;
    if (draw < n) return draw;
  }
}

/** Bernoulli(p) for a rational p in [0, 1]. */
export function bernoulli(p: Rational): boolean {
  if (p.num < 0n || p.num > p.den) throw new RangeError('a probability must lie in [0, 1]');
  return uniformBelow(p.den) < p.num;
}

/** Algorithm 1: Bernoulli(exp(−γ)) for a rational γ ≥ 0. */
export function bernoulliExpMinus(gamma: Rational): boolean {
  if (gamma.num < 0n) throw new RangeError('γ must be non-negative');
  if (gamma.num <= gamma.den) {
    let k = 1n;
    while (bernoulli(rational(gamma.num, gamma.den * k))) k++;
    return k % 2n === 1n;
  }
  const whole = gamma.num / gamma.den;
  for (let i = 0n; i < whole; i++) if (!bernoulliExpMinus(rational(1n))) return false;
  return bernoulliExpMinus(rational(gamma.num - whole * gamma.den, gamma.den));
}

/** Algorithm 2: discrete Laplace with P(Z = z) ∝ exp(−|z|·s/t), for positive integers s and t. */
export function sampleDiscreteLaplace(s: bigint, t: bigint): bigint {
  if (s < 1n || t < 1n) throw new RangeError('the discrete Laplace needs positive integers s and t');
  for (;;) {
    const u = uniformBelow(t);
    if (!bernoulliExpMinus(rational(u, t))) continue;
    let v = 0n;
    while (bernoulliExpMinus(rational(1n))) v++;
    const y = (u + t * v) / s;
    const negative = bernoulli(rational(1n, 2n));
    if (negative && y === 0n) continue;
    return negative ? -y : y;
  }
}

/** ⌊√n⌋ for n ≥ 0 (Newton on BigInt). */
function integerSqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) [x, y] = [y, (y + n / y) / 2n];
  return x;
}

/** Algorithm 3: discrete Gaussian with P(Z = z) ∝ exp(−z²/(2σ²)), for a rational σ² > 0, by rejection from a discrete Laplace. */
export function sampleDiscreteGaussian(sigmaSquared: Rational): bigint {
  const { num: p, den: q } = sigmaSquared;
  if (p <= 0n) throw new RangeError('σ² must be positive');
  const t = integerSqrt(p / q) + 1n;
  for (;;) {
    const y = sampleDiscreteLaplace(1n, t);
    const magnitude = y < 0n ? -y : y;
    // γ = (|y| − σ²/t)² / (2σ²) = (|y|·q·t − p)² / (2·p·q·t²)
    const gap = magnitude * q * t - p;
    if (bernoulliExpMinus(rational(gap * gap, 2n * p * q * t * t))) return y;
  }
}
