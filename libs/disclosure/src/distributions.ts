/**
 * The few distribution functions the released intervals need: Student's t and the beta quantile, both through
 * the regularised incomplete beta function (Lentz's continued fraction, as in Numerical Recipes §6.4).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  const t = z + 7.5;
  const series = LANCZOS.slice(1).reduce((sum, c, i) => sum + c / (z + i + 1), LANCZOS[0]);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(series);
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const guard = (v: number) => (Math.abs(v) < tiny ? tiny : v);
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let h = d;
  const step = (numerator: number) => {
    d = 1 / guard(1 + numerator * d);
    c = guard(1 + numerator / c);
    h *= d * c;
    return d * c;
  };
  for (let m = 1; m <= 10_000; m++) {
    step((m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)));
    if (Math.abs(step((-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))) - 1) < 1e-15) break;
  }
  return h;
}

/** I_x(a, b), the regularised incomplete beta function. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(x, a, b)) / a
    : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** The x in [lo, hi] where an increasing function reaches target, by bisection: slow but never off its bracket. */
function solveIncreasing(f: (x: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The q quantile of the Beta(a, b) distribution. */
export function betaQuantile(q: number, a: number, b: number): number {
  return solveIncreasing((x) => incompleteBeta(x, a, b), q, 0, 1);
}

/** P(T ≤ t) for Student's t with ν degrees of freedom. */
export function studentTCdf(t: number, nu: number): number {
  const tail = 0.5 * incompleteBeta(nu / (nu + t * t), nu / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The q quantile (q > 0.5) of Student's t with ν degrees of freedom. */
export function studentTQuantile(q: number, nu: number): number {
  let hi = 1;
  while (studentTCdf(hi, nu) < q) hi *= 2;
  return solveIncreasing((t) => studentTCdf(t, nu), q, 0, hi);
}

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;
