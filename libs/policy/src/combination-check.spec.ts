import { join } from 'node:path';
import { QuerySpec } from '@bfa/protocol';
import { combinationParties, combinationYear, dataHoldersOf, datasetsAt, factorAt } from './combination-check';
import { loadPolicies } from './policy-loader';
import { queryProblems } from './query-check';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', 'policies'));

const lowIncome = {
  dataset: 'children_households',
  label: 'low household income',
  filters: [{ field: 'low_income', op: 'eq' as const, value: true }],
};
const youthCare = {
  dataset: 'youth_care_trajectories',
  label: 'a youth-care trajectory',
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
};

/** Smart Start's question: children per wijk and age band with low income, youth care, a parent in mental-health care and a school weight. */
const cocktail = {
  ...DEMO_GROUNDS,
  dataset: 'children_households',
  measure: { kind: 'count' as const },
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  groupBy: ['wijk', 'age_band'],
  combination: {
    factors: [
      youthCare,
      lowIncome,
      {
        dataset: 'health_monitor',
        label: 'a parent in mental-health care',
        filters: [{ field: 'parent_mental_health_care', op: 'eq' as const, value: true }],
      },
      {
        dataset: 'pupils',
        label: 'a school-disadvantage weight',
        filters: [{ field: 'pupil_weight', op: 'gte' as const, value: 30 }],
      },
    ],
  },
  purpose: 'Smart Start: children growing up with several risk factors at once, per wijk, to plan prevention',
};

const withFactors = (factors: NonNullable<QuerySpec['combination']>['factors'], atLeast?: number): QuerySpec => ({
  ...cocktail,
  combination: { factors, atLeast },
});

describe('combination queries against the catalog', () => {
  it("accepts Smart Start's four-factor question; the population holder applies its own factor first", () => {
    expect(queryProblems(catalog, cocktail)).toEqual([]);
    expect(combinationParties(catalog, cocktail)).toEqual({
      populationHolder: 'gemeente',
      factorHolders: ['gemeente', 'sterkhuis', 'ggd', 'schoolbestuur'],
    });
    expect(dataHoldersOf(catalog, cocktail)).toEqual(['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis']);
    expect(factorAt(catalog, cocktail, 'sterkhuis')).toBe(youthCare);
    expect(datasetsAt(catalog, cocktail, 'gemeente')).toEqual(['children_households']);
    expect(datasetsAt(catalog, cocktail, 'ggd')).toEqual(['health_monitor']);
  });

  it('refuses, with reasons: a multi-holder or unknown dataset, a bad factor filter, atLeast above the factors, a sum', () => {
    const problems = queryProblems(catalog, {
      ...withFactors(
        [
          { dataset: 'risk_signals', label: 'any signal' },
          { dataset: 'bank_accounts', label: 'debt' },
          { dataset: 'health_monitor', label: 'overweight', filters: [{ field: 'overweight', op: 'gte', value: 1 }] },
        ],
        5,
      ),
      measure: { kind: 'sum', field: 'child_budget_eur' },
    });
    expect(problems).toEqual([
      'a combination counts children: its measure is count',
      'factor 1 (any signal): risk_signals is held by 4 partners; a combination needs one holder per dataset',
      'factor 2 (debt): dataset "bank_accounts" is not in the catalog',
      'factor 3 (overweight): filter on "overweight": a boolean field takes eq true or false',
      'atLeast 5 is more than the 3 factors',
    ]);
    expect(queryProblems(catalog, { ...cocktail, dataset: 'risk_signals' })).toContain(
      'population: risk_signals is held by 4 partners; a combination needs one holder per dataset',
    );
  });

  it('takes one factor per partner, and at least one beyond the population holder', () => {
    const income2023 = { ...lowIncome, label: 'low income in 2023' };
    expect(queryProblems(catalog, withFactors([lowIncome, income2023]))).toEqual([
      "gemeente holds more than one factor; a combination takes one factor per partner (combine its conditions in one factor's filters)",
      'every factor is held by gemeente, the population holder: that is a plain count, no combination',
    ]);
  });

  it('covers exactly one year, however the filters write it: every child of that year travels the chain (issue 12, attack 5)', () => {
    const withYear = (filters: QuerySpec['filters']): QuerySpec => ({
      ...cocktail,
      filters: [...(filters ?? []), { field: 'social_assistance', op: 'eq', value: true }],
    });
    for (const filters of [
      [{ field: 'year', op: 'eq', value: 2024 }],
      [{ field: 'year', op: 'in', value: [2024] }],
      [{ field: 'year', op: 'gte', value: 2024 }],
      [
        { field: 'year', op: 'gte', value: 2024 },
        { field: 'year', op: 'lte', value: 2024 },
        { field: 'year', op: 'in', value: [2023, 2024] },
      ],
    ] as QuerySpec['filters'][]) {
      expect(combinationYear(catalog, withYear(filters))).toBe(2024);
      expect(queryProblems(catalog, withYear(filters))).toEqual([]);
    }
    expect(combinationYear(catalog, withYear([{ field: 'year', op: 'lte', value: 2023 }]))).toBe(2023);
    const oneYear =
      /^population: a combination covers exactly one year \(filter on year, e\.g\. eq 2024\): every child of that year is sent along the chain/;
    for (const filters of [
      [],
      [{ field: 'year', op: 'gte', value: 2023 }],
      [{ field: 'year', op: 'in', value: [2023, 2024] }],
      [{ field: 'year', op: 'eq', value: 2025 }],
    ] as QuerySpec['filters'][]) {
      expect(combinationYear(catalog, withYear(filters))).toBeNull();
      expect(queryProblems(catalog, withYear(filters))).toContainEqual(expect.stringMatching(oneYear));
    }
  });

  it('needs a childKey on every dataset it links', () => {
    const withoutKey = {
      ...catalog,
      datasets: { ...catalog.datasets, pupils: { ...catalog.datasets.pupils, childKey: undefined } },
    };
    expect(queryProblems(withoutKey, cocktail)).toEqual([
      "factor 4 (a school-disadvantage weight): pupils has no childKey in the catalog, so its records can't be linked per child",
    ]);
  });
});
