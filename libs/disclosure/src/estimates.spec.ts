import fc from 'fast-check';
import { studentTQuantile } from './distributions';
import { clopperPearsonInterval, meanEstimate, Moments, rateEstimate, wilsonInterval } from './estimates';

const moments = (values: number[]): Moments => ({
  count: BigInt(values.length),
  sum: values.reduce((s, v) => s + BigInt(v), 0n),
  squares: values.reduce((s, v) => s + BigInt(v) * BigInt(v), 0n),
});

/** Two-pass mean and SD straight from the records: what the moments must reproduce. */
function direct(values: number[]) {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  return { mean, sd };
}

/** P(X ≥ x) and P(X ≤ x) for X ~ Binomial(n, p), summed term by term in logs (no underflow near p = 0 or 1). */
function binomialTails(x: number, n: number, p: number) {
  let logChoose = 0;
  const pmf = Array.from({ length: n + 1 }, (_, i) => {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    return Math.exp(logChoose + i * Math.log(p) + (n - i) * Math.log1p(-p));
  });
  return { atLeast: pmf.slice(x).reduce((s, v) => s + v, 0), atMost: pmf.slice(0, x + 1).reduce((s, v) => s + v, 0) };
}

describe('mean, standard deviation and 95% interval from summed moments', () => {
  it('equal a direct two-pass computation on random records', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12_000 }), { minLength: 2, maxLength: 400 }), (values) => {
        const estimate = meanEstimate(moments(values))!;
        const { mean, sd } = direct(values);
        expect(estimate.mean).toBeCloseTo(mean, 6);
        expect(estimate.standardDeviation!).toBeCloseTo(sd, 6);
        const half = studentTQuantile(0.975, values.length - 1) * (sd / Math.sqrt(values.length));
        expect(estimate.interval![0]).toBeCloseTo(mean - half, 6);
        expect(estimate.interval![1]).toBeCloseTo(mean + half, 6);
      }),
    );
  });

  it('stays exact where the one-pass float formula cancels: large values, tiny spread', () => {
    const values = [366_000_001, 366_000_002, 366_000_003];
    expect(meanEstimate(moments(values))).toMatchObject({ mean: 366_000_002, standardDeviation: 1 });
  });

  it('has the textbook t quantiles and interval (Student, 0.975)', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.2622, 4);
    expect(studentTQuantile(0.975, 29)).toBeCloseTo(2.0452, 4);
    // 10 records 1..10: mean 5.5, SD 3.0277, interval 5.5 ± 2.2622 · 3.0277 / √10
    const estimate = meanEstimate(moments([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))!;
    expect(estimate.standardDeviation).toBeCloseTo(3.02765, 5);
    expect(estimate.interval![0]).toBeCloseTo(3.33415, 4);
    expect(estimate.interval![1]).toBeCloseTo(7.66585, 4);
  });

  it('gives a single record a mean without SD or interval, and no records nothing', () => {
    expect(meanEstimate(moments([7]))).toEqual({ mean: 7 });
    expect(meanEstimate(moments([]))).toBeUndefined();
  });
});

describe('rates and their 95% intervals', () => {
  it('match Newcombe’s (1998) example 81 of 263: Wilson 0.2553–0.3662, exact 0.2527–0.3676', () => {
    const wilson = wilsonInterval(81, 263);
    expect(wilson[0]).toBeCloseTo(0.255289, 5);
    expect(wilson[1]).toBeCloseTo(0.36621, 5);
    const exact = clopperPearsonInterval(81, 263);
    expect(exact[0]).toBeCloseTo(0.252737, 5);
    expect(exact[1]).toBeCloseTo(0.367622, 5);
    expect(clopperPearsonInterval(0, 20)[1]).toBeCloseTo(0.168433, 5);
    expect(clopperPearsonInterval(3, 7)[0]).toBeCloseTo(0.098988, 5);
  });

  it('Wilson bounds are the two roots of the score equation (p̂ − p)² = z² p(1 − p) / n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([x, n]) => {
          const z = 1.959963984540054;
          const score = (p: number) => (x / n - p) ** 2 - (z * z * p * (1 - p)) / n;
          const [lower, upper] = wilsonInterval(x, n);
          expect(lower).toBeLessThanOrEqual(x / n);
          expect(upper).toBeGreaterThanOrEqual(x / n);
          for (const bound of [lower, upper]) expect(Math.abs(score(bound))).toBeLessThan(1e-9);
        },
      ),
    );
  });

  it('exact bounds leave 2.5% in each binomial tail, summed directly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([x, n]) => {
          const [lower, upper] = clopperPearsonInterval(x, n);
          if (x > 0) expect(binomialTails(x, n, lower).atLeast).toBeCloseTo(0.025, 6);
          if (x < n) expect(binomialTails(x, n, upper).atMost).toBeCloseTo(0.025, 6);
        },
      ),
    );
  });

  it('scales the rate and its interval per 1,000, and gives no interval when the numerator exceeds the denominator', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([x, n]) => {
          const estimate = rateEstimate(x, n, 1000)!;
          expect(estimate.rate).toBeCloseTo((1000 * x) / n, 9);
          const [lower, upper] = wilsonInterval(x, n);
          expect(estimate.interval![0]).toBeCloseTo(1000 * lower, 9);
          expect(estimate.interval![1]).toBeCloseTo(1000 * upper, 9);
        },
      ),
    );
    expect(rateEstimate(12, 10, 1000)).toEqual({ rate: 1200 });
    expect(rateEstimate(3, 0, 1000)).toBeUndefined();
  });
});
