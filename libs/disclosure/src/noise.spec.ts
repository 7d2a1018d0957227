import { discreteGaussian, discreteLaplace, noisyLeaves, noisyRelease } from './noise';
import { budgetProblem } from './privacy-budget';
import { add, parseRational } from './rational';

describe('discrete Laplace noise (the exact pmf: exact-sampling.spec.ts)', () => {
  it('has mean 0 and the variance of its scale: 2q/(1−q)² with q = e^(−ε/Δ) (statistical, 20,000 draws)', () => {
    const [epsilon, sensitivity] = [0.5, 1];
    const draws = Array.from({ length: 20_000 }, () => discreteLaplace(epsilon, sensitivity));
    const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
    const variance = draws.reduce((s, d) => s + (d - mean) ** 2, 0) / draws.length;
    const q = Math.exp(-epsilon / sensitivity);
    const expected = (2 * q) / (1 - q) ** 2;
    expect(Math.abs(mean)).toBeLessThan(0.15);
    expect(Math.abs(variance - expected) / expected).toBeLessThan(0.1);
    expect(draws.every(Number.isInteger)).toBe(true);
  });

  it('refuses a non-positive ε or sensitivity', () => {
    expect(() => discreteLaplace(0, 1)).toThrow(RangeError);
    expect(() => discreteLaplace(1, 0)).toThrow(RangeError);
  });

  it('noises the leaves, and the release shows only noisy values and the mechanism', () => {
    const leaves = [{ coordinates: { wijk: 'A' }, value: 777001, contributors: 3 }];
    const noisy = noisyLeaves(leaves, { epsilon: 0.01, sensitivity: 1 });
    const table = noisyRelease([{ coordinates: { wijk: 'A' }, value: noisy[0] }], { epsilon: 0.01, sensitivity: 1 });
    expect(table.protection.rules).toEqual([
      { rule: 'noise', parameters: { epsilon: 0.01, sensitivity: 1 }, cells: 1 },
    ]);
    expect(JSON.stringify(table)).not.toContain('contributors');
  });
});

describe('discrete Gaussian noise (the exact pmf: exact-sampling.spec.ts)', () => {
  it('has variance near σ² = Δ²/(2ρ) and integer draws', () => {
    const draws = Array.from({ length: 8000 }, () => discreteGaussian(0.02, 1));
    const variance = draws.reduce((s, d) => s + d * d, 0) / draws.length;
    expect(Math.abs(variance - 25) / 25).toBeLessThan(0.1);
    expect(draws.every(Number.isInteger)).toBe(true);
  });

  it('noises the leaves when the parameters carry ρ, and the release names ρ instead of ε', () => {
    const leaves = [{ coordinates: { wijk: 'A' }, value: 40, contributors: 40 }];
    const noisy = noisyLeaves(leaves, { rho: 0.5, sensitivity: 366 });
    expect(Number.isInteger(noisy[0])).toBe(true);
    const table = noisyRelease([{ coordinates: { wijk: 'A' }, value: noisy[0] }], { rho: 0.5, sensitivity: 366 });
    expect(table.protection.rules).toEqual([{ rule: 'noise', parameters: { rho: 0.5, sensitivity: 366 }, cells: 1 }]);
  });
});

describe('privacy budget', () => {
  const care = { dataset: 'care', unit: 'ε' as const };
  const budget = (spent: number, total: number) => ({ spent: parseRational(spent), budget: parseRational(total) });

  it("allows queries until the dataset's budget is spent, exactly (0.1 + 0.2 = 0.3), then refuses naming the dataset and what is left", () => {
    expect(budgetProblem(budget(0, 1), parseRational(0.5), care)).toBeNull();
    expect(budgetProblem(budget(0.5, 1), parseRational(0.5), care)).toBeNull();
    expect(
      budgetProblem(
        { spent: add(parseRational(0.1), parseRational(0.2)), budget: parseRational(0.4) },
        parseRational(0.1),
        care,
      ),
    ).toBeNull();
    expect(budgetProblem(budget(0.75, 1), parseRational(0.5), care)).toBe(
      'privacy budget of care spent: all analysts together have used ε = 0.75 of 1, ε = 0.25 left; this query needs 0.5',
    );
  });

  it("names the analyst when the refusal is an analyst's own limit, and the unit of the mechanism", () => {
    expect(budgetProblem(budget(1, 1), parseRational(0.5), { ...care, analyst: 'analyst.one', unit: 'ρ' })).toBe(
      'privacy budget of care spent: analyst.one has used ρ = 1 of 1, ρ = 0 left; this query needs 0.5',
    );
  });
});
