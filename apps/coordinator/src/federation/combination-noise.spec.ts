import { join } from 'node:path';
import { combinationMargins } from '@bfa/combination';
import { coordinatesKey } from '@bfa/disclosure';
import { cellGrid, loadPolicies } from '@bfa/policy';
import { riskFactorCombination } from '../../../../deploy/local/risk-factors';
import { combinationSensitivity, noisyCombinationTable } from './combination-noise';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const spec = riskFactorCombination({
  atLeast: 2,
  purpose: 'Smart Start: children with several risk factors, noise test',
});
const K = 10;
const grid = cellGrid(catalog, spec.groupBy);
const groups = combinationMargins(catalog, spec.groupBy);
/** Every third cell withheld (4 children, 1 with the factors), the others 40 children of whom 12 have them. */
const leaves = grid.map((coordinates, i) =>
  i % 3 === 0 ? { coordinates, count: null, children: 4 } : { coordinates, count: 12, children: 40 },
);
const sums = groups.map((g) => g.cells.filter((c) => c % 3 === 0).length);
const laplace = { epsilonPerQuery: 1, budgetPerDataset: 10 };

const variance = (xs: number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
};
/** The discrete Laplace's variance at ε/Δ: 2e^(−ε/Δ)/(1 − e^(−ε/Δ))². */
const laplaceVariance = (epsilon: number, sensitivity: number) => {
  const q = Math.exp(-epsilon / sensitivity);
  return (2 * q) / (1 - q) ** 2;
};

describe('a combination under a noise policy (issue 15)', () => {
  it('draws the noise for the five margins a withheld child moves (wijk, gemeente, region; per age band and Totaal)', () => {
    expect(combinationSensitivity(groups)).toBe(5);
    expect(combinationSensitivity(combinationMargins(catalog, ['age_band']))).toBe(1);
  });

  it('keeps withheld cells withheld, releases every other cell and total noisy, and says so with ε and the sensitivity', () => {
    const table = noisyCombinationTable(catalog, spec, leaves, sums, laplace, K);
    expect(table.cells).toHaveLength((59 + 9 + 1) * (4 + 1));
    const byKey = new Map(table.cells.map((c) => [coordinatesKey(c.coordinates), c]));
    leaves.forEach((leaf) => {
      const cell = byKey.get(coordinatesKey(leaf.coordinates))!;
      if (leaf.count === null) expect(cell).toMatchObject({ value: null, suppressed: true, rule: 'withheld' });
      else expect(Number.isInteger(cell.value)).toBe(true);
    });
    expect(table.protection.rules).toEqual([
      {
        rule: 'noise',
        parameters: { epsilon: 1, sensitivity: 5 },
        cells: table.cells.length - table.protection.suppressedCells,
      },
      { rule: 'withheld', parameters: { minCellSize: K }, cells: table.protection.suppressedCells },
    ]);
  });

  it('withholds a total whose withheld sum was not decrypted (fewer than k children)', () => {
    const region = groups.findIndex((g) => g.coordinates.wijk === 'Totaal' && g.coordinates.age_band === 'Totaal');
    const table = noisyCombinationTable(
      catalog,
      spec,
      leaves,
      sums.map((s, j) => (j === region ? null : s)),
      laplace,
      K,
    );
    expect(
      table.cells.find((c) => c.coordinates.wijk === 'Totaal' && c.coordinates.age_band === 'Totaal'),
    ).toMatchObject({ value: null, suppressed: true, rule: 'withheld' });
  });

  it("adds noise of the variance of ε/5 to a cell, and to a total its cells' noise and its own (400 draws)", () => {
    const cell = grid.findIndex((_, i) => i % 3 !== 0);
    const wijkTotal = groups.find(
      (g) => g.cells.includes(cell) && g.coordinates.age_band === 'Totaal' && /^WK/.test(g.coordinates.wijk),
    )!;
    const released = wijkTotal.cells.filter((c) => c % 3 !== 0).length;
    const truthOfTotal = released * 12 + wijkTotal.cells.filter((c) => c % 3 === 0).length;
    const cellErrors: number[] = [];
    const totalErrors: number[] = [];
    for (let run = 0; run < 400; run++) {
      const byKey = new Map(
        noisyCombinationTable(catalog, spec, leaves, sums, laplace, K).cells.map((c) => [
          coordinatesKey(c.coordinates),
          c.value!,
        ]),
      );
      cellErrors.push(byKey.get(coordinatesKey(grid[cell]))! - 12);
      totalErrors.push(byKey.get(coordinatesKey(wijkTotal.coordinates))! - truthOfTotal);
    }
    const expected = laplaceVariance(1, 5);
    expect(Math.abs(cellErrors.reduce((s, e) => s + e, 0) / 400)).toBeLessThan(4 * Math.sqrt(expected / 400));
    expect(variance(cellErrors)).toBeGreaterThan(0.7 * expected);
    expect(variance(cellErrors)).toBeLessThan(1.4 * expected);
    expect(variance(totalErrors)).toBeGreaterThan(0.7 * (released + 1) * expected);
    expect(variance(totalErrors)).toBeLessThan(1.4 * (released + 1) * expected);
  }, 120_000);
});
