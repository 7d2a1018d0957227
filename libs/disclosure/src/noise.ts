import { sampleDiscreteGaussian, sampleDiscreteLaplace } from './exact-sampling';
import { AggregateCell, ProtectedTable, ReleasedCell } from './protected-table';
import { parseRational, Rational, rational } from './rational';

function positive(name: string, value: number | string): Rational {
  const exact = parseRational(value);
  if (exact.num <= 0n) throw new RangeError(`${name} must be positive`);
  return exact;
}

function sensitivityOf(sensitivity: number): bigint {
  if (!Number.isSafeInteger(sensitivity) || sensitivity < 1)
    throw new RangeError('sensitivity must be a positive integer');
  return BigInt(sensitivity);
}

/**
 * Discrete Laplace (the two-sided geometric mechanism): P(Z = z) ∝ exp(−ε|z|/Δ). Adding it to a count or an
 * integer sum whose one-record change is at most Δ gives ε-differential privacy for that release. ε is read as
 * the exact decimal the policy wrote (0.1 is 1/10) and sampled exactly (Canonne, Kamath, Steinke 2020).
 */
export function discreteLaplace(epsilon: number | string, sensitivity: number): number {
  const { num, den } = positive('epsilon', epsilon);
  return Number(sampleDiscreteLaplace(num, den * sensitivityOf(sensitivity)));
}

/**
 * Discrete Gaussian with σ² = Δ²/(2ρ): adding it to each cell of a release in which one record changes one cell
 * by at most Δ gives ρ-zero-concentrated differential privacy (ρ-zCDP), which implies (ε, δ)-DP for
 * ε = ρ + 2·√(ρ·ln(1/δ)).
 */
export function discreteGaussian(rho: number | string, sensitivity: number): number {
  const { num, den } = positive('rho', rho);
  const delta = sensitivityOf(sensitivity);
  return Number(sampleDiscreteGaussian(rational(delta * delta * den, 2n * num)));
}

/** The mechanism's privacy parameter (ε: discrete Laplace; ρ, zCDP: discrete Gaussian) and how much one record can change one leaf: 1 for a count, the field's max for a sum. */
export type NoiseParameters = { epsilon: number; sensitivity: number } | { rho: number; sensitivity: number };

/** One draw of the parameters' mechanism. */
export function noiseDraw(parameters: NoiseParameters): number {
  return 'rho' in parameters
    ? discreteGaussian(parameters.rho, parameters.sensitivity)
    : discreteLaplace(parameters.epsilon, parameters.sensitivity);
}

/**
 * Noise on the leaves only; every total is then the sum of its noisy leaves (post-processing, so no extra
 * privacy cost, and the table stays additive). Each record sits in exactly one leaf, so the leaves'
 * sensitivity is the one-record change of one cell. Negative noisy values are kept: clamping would bias
 * totals; the release says the values are noisy.
 */
export function noisyLeaves(leaves: AggregateCell[], parameters: NoiseParameters): number[] {
  return leaves.map((leaf) => leaf.value + noiseDraw(parameters));
}

/** A released table of noisy values: nothing suppressed, the mechanism's parameters (ε or ρ) in the summary, never a true value. */
export function noisyRelease(
  cells: { coordinates: AggregateCell['coordinates']; value: number }[],
  parameters: NoiseParameters,
): ProtectedTable {
  const released = cells.map((cell): ReleasedCell => ({
    coordinates: cell.coordinates,
    value: cell.value,
    suppressed: false,
  }));
  return {
    cells: released,
    protection: {
      rules: [{ rule: 'noise', parameters: { ...parameters }, cells: released.length }],
      suppressedCells: 0,
      totalCells: released.length,
    },
  };
}
