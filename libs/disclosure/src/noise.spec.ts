import { discreteLaplace, noisyLeaves, noisyRelease } from './noise';
import { budgetProblem } from './privacy-budget';

describe('discrete Laplace noise', () => {
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

  it('its ratio P(z)/P(z+1) is e^(ε/Δ) (the privacy guarantee, checked on the empirical distribution)', () => {
    const draws = Array.from({ length: 40_000 }, () => discreteLaplace(1, 1));
    const count = (z: number) => draws.filter((d) => d === z).length;
    expect(count(0) / count(1)).toBeCloseTo(Math.E, 0);
    expect(count(-1) / count(-2)).toBeCloseTo(Math.E, 0);
  });

  it('refuses a non-positive ε or sensitivity', () => {
    expect(() => discreteLaplace(0, 1)).toThrow(RangeError);
    expect(() => discreteLaplace(1, 0)).toThrow(RangeError);
  });

  it('noises the leaves, and the release shows only noisy values and the mechanism', () => {
    const leaves = [{ coordinates: { wijk: 'A' }, value: 777001, contributors: 3 }];
    const noisy = noisyLeaves(leaves, { epsilon: 0.01, sensitivity: 1 });
    const table = noisyRelease([{ coordinates: { wijk: 'A' }, value: noisy[0] }], { epsilon: 0.01, sensitivity: 1 });
    expect(table.protection.rules).toEqual([{ rule: 'noise', parameters: { epsilon: 0.01, sensitivity: 1 }, cells: 1 }]);
    expect(JSON.stringify(table)).not.toContain('contributors');
  });
});

describe('privacy budget', () => {
  it('allows queries until the budget is spent, then refuses with the reason', () => {
    const who = { analyst: 'analyst.one', dataset: 'care' };
    expect(budgetProblem({ spent: 0, budget: 1 }, 0.5, who)).toBeNull();
    expect(budgetProblem({ spent: 0.5, budget: 1 }, 0.5, who)).toBeNull();
    expect(budgetProblem({ spent: 1, budget: 1 }, 0.5, who)).toMatch(/privacy budget spent: analyst.one has used ε = 1 of 1 on care/);
  });
});
