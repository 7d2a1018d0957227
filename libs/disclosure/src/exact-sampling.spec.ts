import { bernoulliExpMinus, sampleDiscreteGaussian, sampleDiscreteLaplace, uniformBelow } from './exact-sampling';
import { discreteGaussian, discreteLaplace } from './noise';
import { add, formatRational, parseRational, rational, readRational, storedRational } from './rational';

const frequency = (draws: number, sample: () => boolean): number =>
  Array.from({ length: draws }, sample).filter(Boolean).length / draws;

/**
 * Pearson's χ² of draws against a pmf on the integers: one bin per z in [−k, k], one for both tails. The
 * threshold 45 is far above the 99.999th percentile for these 3 to 11 degrees of freedom (so a correct sampler
 * fails about once in 10⁵ runs), and far below what a wrong scale gives (checked below).
 */
function chiSquare(draws: number[], pmf: (z: number) => number, k: number): number {
  const bins = [...Array.from({ length: 2 * k + 1 }, (_, i) => i - k), 'tail' as const];
  const expected = (bin: number | 'tail') =>
    (bin === 'tail' ? 1 - bins.slice(0, -1).reduce((s: number, z) => s + pmf(z as number), 0) : pmf(bin)) *
    draws.length;
  const observed = (bin: number | 'tail') => draws.filter((d) => (bin === 'tail' ? Math.abs(d) > k : d === bin)).length;
  return bins.reduce((s: number, bin) => s + (observed(bin) - expected(bin)) ** 2 / expected(bin), 0);
}
const THRESHOLD = 45;

const laplacePmf = (a: number) => (z: number) => ((1 - Math.exp(-a)) / (1 + Math.exp(-a))) * Math.exp(-a * Math.abs(z));
function gaussianPmf(sigmaSquared: number): (z: number) => number {
  const weight = (z: number) => Math.exp(-(z * z) / (2 * sigmaSquared));
  const norm = Array.from({ length: 401 }, (_, i) => weight(i - 200)).reduce((s, w) => s + w, 0);
  return (z) => weight(z) / norm;
}

describe('exact rationals for privacy parameters', () => {
  it('reads a policy decimal as the decimal it says, not the nearest double', () => {
    expect(parseRational(0.1)).toEqual({ num: 1n, den: 10n });
    expect(parseRational('2.50')).toEqual({ num: 5n, den: 2n });
    expect(parseRational(1e-7)).toEqual({ num: 1n, den: 10_000_000n });
    expect(add(parseRational(0.1), parseRational(0.2))).toEqual(parseRational(0.3));
    expect(() => parseRational('0x10')).toThrow(RangeError);
  });

  it('shows short decimals where exact, fractions otherwise, and stores losslessly', () => {
    expect(formatRational(rational(3n, 2n))).toBe('1.5');
    expect(formatRational(rational(0n))).toBe('0');
    expect(formatRational(rational(1n, 3n))).toBe('1/3');
    expect(readRational(storedRational(rational(-7n, 40n)))).toEqual(rational(-7n, 40n));
  });
});

describe('exact samplers (Canonne, Kamath, Steinke 2020)', () => {
  it('draws uniform integers below n, by randomInt below 2⁴⁸ and by masked bytes above', () => {
    const draws = Array.from({ length: 6000 }, () => Number(uniformBelow(6n)));
    for (let v = 0; v < 6; v++) expect(Math.abs(draws.filter((d) => d === v).length - 1000)).toBeLessThan(160);
    const thirds = Array.from({ length: 3000 }, () => Number(uniformBelow(3n * 2n ** 62n) / 2n ** 62n));
    for (let v = 0; v < 3; v++) expect(Math.abs(thirds.filter((d) => d === v).length - 1000)).toBeLessThan(160);
    const big = 2n ** 64n + 1n;
    expect(Array.from({ length: 200 }, () => uniformBelow(big)).every((d) => d >= 0n && d < big)).toBe(true);
    expect(uniformBelow(1n)).toBe(0n);
    const edge = 2n ** 48n;
    expect(Array.from({ length: 200 }, () => uniformBelow(edge)).every((d) => d >= 0n && d < edge)).toBe(true);
  });

  it('Bernoulli(exp(−γ)): always 1 at γ = 0, about e^(−γ) for γ below and above 1', () => {
    expect(Array.from({ length: 500 }, () => bernoulliExpMinus(rational(0n))).every(Boolean)).toBe(true);
    expect(Math.abs(frequency(20_000, () => bernoulliExpMinus(rational(693_147n, 1_000_000n))) - 0.5)).toBeLessThan(
      0.02,
    );
    expect(Math.abs(frequency(20_000, () => bernoulliExpMinus(rational(5n, 2n))) - Math.exp(-2.5))).toBeLessThan(0.01);
    expect(frequency(2_000, () => bernoulliExpMinus(rational(40n)))).toBe(0);
    expect(() => bernoulliExpMinus(rational(-1n, 2n))).toThrow(RangeError);
  });

  it('discrete Laplace matches its exact pmf (χ² over 4,000 draws), and the test sees a wrong scale', () => {
    const draws = (s: bigint, t: bigint) => Array.from({ length: 4000 }, () => Number(sampleDiscreteLaplace(s, t)));
    expect(chiSquare(draws(1n, 1n), laplacePmf(1), 4)).toBeLessThan(THRESHOLD);
    expect(chiSquare(draws(1n, 2n), laplacePmf(0.5), 4)).toBeLessThan(THRESHOLD);
    expect(chiSquare(draws(5n, 4n), laplacePmf(1), 4)).toBeGreaterThan(THRESHOLD);
  });

  it('discrete Gaussian matches its exact pmf (χ² over 4,000 draws), and the test sees a wrong σ', () => {
    const draws = (sigmaSquared: bigint) =>
      Array.from({ length: 4000 }, () => Number(sampleDiscreteGaussian(rational(sigmaSquared))));
    expect(chiSquare(draws(4n), gaussianPmf(4), 5)).toBeLessThan(THRESHOLD);
    expect(
      chiSquare(
        Array.from({ length: 4000 }, () => Number(sampleDiscreteGaussian(rational(1n, 2n)))),
        gaussianPmf(0.5),
        1,
      ),
    ).toBeLessThan(THRESHOLD);
    expect(chiSquare(draws(7n), gaussianPmf(4), 5)).toBeGreaterThan(THRESHOLD);
  });

  it('the privacy parameters reach the sampler: ε/Δ as the Laplace exponent, σ² = Δ²/(2ρ) for the Gaussian', () => {
    expect(
      chiSquare(
        Array.from({ length: 4000 }, () => discreteLaplace(1.5, 3)),
        laplacePmf(0.5),
        4,
      ),
    ).toBeLessThan(THRESHOLD);
    expect(
      chiSquare(
        Array.from({ length: 4000 }, () => discreteGaussian(0.125, 1)),
        gaussianPmf(4),
        5,
      ),
    ).toBeLessThan(THRESHOLD);
  });

  it('never touches Math.random nor floating-point exp or log', () => {
    const spies = [jest.spyOn(Math, 'random'), jest.spyOn(Math, 'exp'), jest.spyOn(Math, 'log')];
    for (let i = 0; i < 500; i++) [discreteLaplace(0.7, 2), discreteGaussian(0.3, 5)];
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    spies.forEach((spy) => spy.mockRestore());
  });

  it('refuses parameters it cannot sample', () => {
    expect(() => sampleDiscreteLaplace(0n, 1n)).toThrow(RangeError);
    expect(() => sampleDiscreteGaussian(rational(0n))).toThrow(RangeError);
    expect(() => discreteLaplace(0, 1)).toThrow(RangeError);
    expect(() => discreteLaplace(1, 0)).toThrow(RangeError);
    expect(() => discreteLaplace(1, 1.5)).toThrow(RangeError);
    expect(() => discreteGaussian(-1, 1)).toThrow(RangeError);
  });
});
