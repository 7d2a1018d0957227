import { join } from 'node:path';
import { CombinationSpec } from '@bfa/protocol';
import { combinationParties, combinationProblems } from './combination-check';
import { loadPolicies } from './policy-loader';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', 'policies'));

/** Smart Start's question: children per wijk and age band with low income, youth care, a parent in mental-health care and a school weight. */
const cocktail: CombinationSpec = {
  population: 'children_households',
  filters: [{ field: 'year', op: 'eq', value: 2024 }],
  groupBy: ['wijk', 'age_band'],
  factors: [
    { dataset: 'children_households', label: 'low household income', filters: [{ field: 'low_income', op: 'eq', value: true }] },
    { dataset: 'youth_care_trajectories', label: 'a youth-care trajectory', filters: [{ field: 'year', op: 'eq', value: 2024 }] },
    { dataset: 'health_monitor', label: 'a parent in mental-health care', filters: [{ field: 'parent_mental_health_care', op: 'eq', value: true }] },
    { dataset: 'pupils', label: 'a school-disadvantage weight', filters: [{ field: 'pupil_weight', op: 'gte', value: 30 }] },
  ],
  purpose: 'Smart Start: children growing up with several risk factors at once, per wijk, to plan prevention',
};

describe('combination queries against the catalog', () => {
  it("accepts Smart Start's four-factor question and names the partners in chain order", () => {
    expect(combinationProblems(catalog, cocktail)).toEqual([]);
    expect(combinationParties(catalog, cocktail)).toEqual({ populationHolder: 'gemeente', factorHolders: ['gemeente', 'sterkhuis', 'ggd', 'schoolbestuur'] });
  });

  it('refuses, with reasons: an unknown or multi-holder dataset, a foreign grid, a bad filter, atLeast above the factors', () => {
    const problems = combinationProblems(catalog, {
      ...cocktail,
      groupBy: ['wijk', 'school'],
      atLeast: 5,
      factors: [
        { dataset: 'risk_signals', label: 'any signal' },
        { dataset: 'bank_accounts', label: 'debt' },
        { dataset: 'health_monitor', label: 'overweight', filters: [{ field: 'overweight', op: 'gte', value: 1 }] },
      ],
    });
    expect(problems).toEqual([
      'groupBy "school" is not a dimension of children_households',
      'factor 1 (any signal): risk_signals is held by 4 partners; a combination needs one holder per dataset',
      'factor 2 (debt): dataset "bank_accounts" is not in the catalog',
      'factor 3 (overweight): filter on "overweight": a boolean field takes eq true or false',
      'atLeast 5 is more than the 3 factors',
    ]);
    expect(combinationProblems(catalog, { ...cocktail, population: 'risk_signals' })[0]).toMatch(/population: risk_signals is held by 4 partners/);
  });
});
