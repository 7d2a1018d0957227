import { join } from 'node:path';
import { CombinationFactor, QuerySpec } from '@bfa/protocol';
import { loadPolicies } from './policy-loader';
import { ownFactorAlternatives } from './own-factor-boxes';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', 'policies'));
const in2024 = { field: 'year', op: 'eq' as const, value: 2024 };
const population = {
  dataset: 'children_households',
  measure: { kind: 'count' },
  groupBy: ['wijk'],
  filters: [in2024],
} as unknown as QuerySpec;
const factor = (dataset: string, filters: CombinationFactor['filters']): CombinationFactor =>
  ({ dataset, label: 'factor', filters }) as CombinationFactor;
const lowIncome = { field: 'low_income', op: 'eq' as const, value: true };

describe("a factor from the population's own dataset in the ledger", () => {
  it("is exactly its filters on the child's record when it fixes the population's year", () => {
    const tie = ownFactorAlternatives(catalog, population, factor('children_households', [in2024, lowIncome]), 'f')!;
    expect(tie(true)).toEqual([[in2024, lowIncome]]);
    expect(tie(undefined)).toEqual([[]]);
    // Not (2024 and low income): another year (never, for a record of 2024), or 2024 without low income.
    const years = catalog.dimensions.year.values.filter((y) => y !== 2024);
    expect(tie(false)).toEqual([
      [{ field: 'year', op: 'in', value: years }],
      [in2024, { field: 'low_income', op: 'in', value: [false] }],
    ]);
  });

  it('only implies the factor when the factor reads every year: a child with it may have it from another year', () => {
    const implied = ownFactorAlternatives(catalog, population, factor('children_households', [lowIncome]), 'f')!;
    const without = [
      { field: 'f', op: 'eq', value: false },
      { field: 'low_income', op: 'in', value: [false] },
    ];
    expect(implied(true)).toEqual([[{ field: 'f', op: 'eq', value: true }]]);
    expect(implied(false)).toEqual([without]);
    expect(implied(undefined)).toEqual([[{ field: 'f', op: 'eq', value: true }], without]);
  });

  it("leaves another dataset's factor a field of its own", () => {
    expect(ownFactorAlternatives(catalog, population, factor('pupils', [in2024]), 'f')).toBeNull();
  });
});
