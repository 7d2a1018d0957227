import { randomBytes } from 'node:crypto';
import { AggregateCell, ProtectedTable, ReleasedCell } from './protected-table';

/** A uniform draw in (0, 1) from the OS's CSPRNG, 53 bits. */
function uniform(): number {
  const bits = randomBytes(8).readBigUInt64BE() >> 11n;
  return (Number(bits) + 0.5) / 2 ** 53;
}

/** Geometric on {0, 1, 2, ...} with P(G = g) = (1 − q)·q^g, by inversion. */
function geometric(q: number): number {
  return Math.floor(Math.log(uniform()) / Math.log(q));
}

/**
 * Discrete Laplace (the two-sided geometric mechanism): P(Z = z) ∝ exp(−ε|z|/Δ). Adding it to a count or
 * an integer sum whose one-record change is at most Δ gives ε-differential privacy for that release.
 * Sampled in floating point by inversion: fine for these magnitudes, but not hardened against the
 * floating-point attacks on Laplace samplers (Mironov 2012); an exact sampler is future work.
 */
export function discreteLaplace(epsilon: number, sensitivity: number): number {
  if (!(epsilon > 0) || !(sensitivity > 0)) throw new RangeError('epsilon and sensitivity must be positive');
  const q = Math.exp(-epsilon / sensitivity);
  return geometric(q) - geometric(q);
}

export interface NoiseParameters {
  epsilon: number;
  /** How much one record can change one leaf: 1 for a count, the field's max for a sum. */
  sensitivity: number;
}

/**
 * Noise on the leaves only; every total is then the sum of its noisy leaves (post-processing, so no extra
 * privacy cost, and the table stays additive). Each record sits in exactly one leaf, so the leaves'
 * sensitivity is the one-record change of one cell. Negative noisy values are kept: clamping would bias
 * totals; the release says the values are noisy.
 */
export function noisyLeaves(leaves: AggregateCell[], parameters: NoiseParameters): number[] {
  return leaves.map((leaf) => leaf.value + discreteLaplace(parameters.epsilon, parameters.sensitivity));
}

/** A released table of noisy values: nothing suppressed, the mechanism and ε in the summary, never a true value. */
export function noisyRelease(cells: { coordinates: AggregateCell['coordinates']; value: number }[], parameters: NoiseParameters): ProtectedTable {
  const released = cells.map((cell): ReleasedCell => ({ coordinates: cell.coordinates, value: cell.value, suppressed: false }));
  return {
    cells: released,
    protection: { rules: [{ rule: 'noise', parameters: { ...parameters }, cells: released.length }], suppressedCells: 0, totalCells: released.length },
  };
}
