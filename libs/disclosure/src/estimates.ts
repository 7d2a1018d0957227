import { betaQuantile, studentTQuantile, Z_95 } from './distributions';

/** What the holders add up under encryption for a mean: records, their sum and their sum of squares, per cell. */
export interface Moments {
  count: bigint;
  sum: bigint;
  squares: bigint;
}

export interface MeanEstimate {
  mean: number;
  /** The sample standard deviation (n − 1); absent for a single record. */
  standardDeviation?: number;
  /** The 95% t-interval of the mean; absent for a single record. */
  interval?: [number, number];
}

export const MEAN_METHOD =
  'Mean over the cell’s records from the summed count, sum and sum of squares; sample standard deviation (n − 1) and 95% interval mean ± t(0.975, n − 1) · SD / √n.';

/** Mean, SD and 95% t-interval from the moments; exact in integers up to the variance's one division. */
export function meanEstimate({ count, sum, squares }: Moments): MeanEstimate | undefined {
  if (count <= 0n) return undefined;
  const n = Number(count);
  const mean = Number(sum) / n;
  if (count < 2n) return { mean };
  // n·Σx² − (Σx)² is computed in integers: the textbook one-pass formula loses everything to cancellation in floats.
  const variance = Number(count * squares - sum * sum) / (n * (n - 1));
  const standardDeviation = Math.sqrt(Math.max(0, variance));
  const half = studentTQuantile(0.975, n - 1) * (standardDeviation / Math.sqrt(n));
  return { mean, standardDeviation, interval: [mean - half, mean + half] };
}

export type RateMethod = 'wilson' | 'exact';

export interface RateEstimate {
  rate: number;
  /** The 95% interval, per `per`; absent when the numerator exceeds the denominator (not a proportion). */
  interval?: [number, number];
}

/** The 95% Wilson score interval of a proportion x / n. */
export function wilsonInterval(x: number, n: number, z = Z_95): [number, number] {
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At x = 0 and x = n the score equation's root is 0 or 1 exactly; the float difference may miss it by an ulp.
  return [x === 0 ? 0 : Math.max(0, centre - half), x === n ? 1 : Math.min(1, centre + half)];
}

/** The exact (Clopper–Pearson) 95% interval of a proportion x / n, from beta quantiles. */
export function clopperPearsonInterval(x: number, n: number, alpha = 0.05): [number, number] {
  const lower = x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1);
  const upper = x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x);
  return [lower, upper];
}

export function rateMethod(per: number, method: RateMethod): string {
  const interval = method === 'wilson' ? 'a 95% Wilson score interval' : 'an exact (Clopper–Pearson) 95% interval';
  return `Numerator count per ${per} of the denominator count, with ${interval}, taking the numerator as a binomial count out of the denominator.`;
}

/** A rate per `per` (e.g. per 1,000 children) of a numerator out of a denominator count, with its interval. */
export function rateEstimate(
  numerator: number,
  denominator: number,
  per: number,
  method: RateMethod = 'wilson',
): RateEstimate | undefined {
  if (denominator <= 0) return undefined;
  const rate = (per * numerator) / denominator;
  if (numerator > denominator) return { rate };
  const [lower, upper] =
    method === 'wilson' ? wilsonInterval(numerator, denominator) : clopperPearsonInterval(numerator, denominator);
  return { rate, interval: [per * lower, per * upper] };
}

/** One released cell's derived value: present only where every part it is computed from was released. */
export interface CellEstimate {
  coordinates: Record<string, string | number>;
  /** Hidden because a part (count, sum, numerator or denominator) was suppressed. */
  suppressed: boolean;
  /** The records the estimate is over (a mean's n; a rate's denominator). */
  count?: number;
  /** A rate's numerator count. */
  numerator?: number;
  estimate?: number;
  standardDeviation?: number;
  interval?: [number, number];
}

/** What a release carries beside its cells for a derived measure: every cell's estimate and the method in one sentence. */
export interface ReleasedEstimates {
  method: string;
  cells: CellEstimate[];
}
