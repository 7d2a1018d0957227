import { join } from 'node:path';
import { QuerySpec } from '@bfa/protocol';
import { combinationParties, dataHoldersOf, datasetsAt, factorAt } from './combination-check';
import { loadPolicies } from './policy-loader';
import { queryProblems } from './query-check';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', 'policies'));

const in2023 = { field: 'year', op: 'eq' as const, value: 2023 };
const lowIncome = {
  dataset: 'children_households',
  label: 'laag inkomen',
  filters: [{ field: 'low_income', op: 'eq' as const, value: true }],
};
const parentCare = {
  dataset: 'health_monitor',
  label: 'ouder in GGZ',
  filters: [in2023, { field: 'parent_mental_health_care', op: 'eq' as const, value: true }],
};
const schoolWeight = {
  dataset: 'pupils',
  label: 'schoolgewicht',
  filters: [in2023, { field: 'pupil_weight', op: 'gte' as const, value: 30 }],
};
const youthCareLater = {
  dataset: 'youth_care_trajectories',
  label: 'jeugdzorg in 2024',
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
};

/** The "giftige cocktail": children of 2023 with three risk factors, and a youth-care trajectory a year later. */
const cocktail = (combination: object): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'children_households',
  measure: { kind: 'count' },
  filters: [in2023],
  groupBy: ['wijk'],
  combination: { factors: [parentCare, lowIncome, schoolWeight], ...combination },
  purpose: 'Smart Start: how the risk of youth care rises with the number of risk factors',
});

describe('cocktail analyses against the catalog', () => {
  it('accepts an outcome at a fourth partner, last in the chain, and lets that partner read it', () => {
    const spec = cocktail({ analysis: 'outcomeByCount', outcome: youthCareLater });
    expect(queryProblems(catalog, spec)).toEqual([]);
    expect(combinationParties(catalog, spec as never)).toEqual({
      populationHolder: 'gemeente',
      factorHolders: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'],
    });
    expect(dataHoldersOf(catalog, spec)).toEqual(['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis']);
    expect(factorAt(catalog, spec as never, 'sterkhuis')).toBe(youthCareLater);
    expect(datasetsAt(catalog, spec, 'sterkhuis')).toEqual(['youth_care_trajectories']);
    expect(queryProblems(catalog, cocktail({ analysis: 'patterns', outcome: youthCareLater }))).toEqual([]);
    expect(queryProblems(catalog, cocktail({ analysis: 'patterns' }))).toEqual([]);
  });

  it.each<[string, object, RegExp]>([
    ['outcomeByCount without an outcome', { analysis: 'outcomeByCount' }, /needs an outcome/],
    ['an outcome on the atLeast path', { outcome: youthCareLater }, /belongs to the patterns and outcomeByCount/],
    [
      'atLeast with patterns',
      { analysis: 'patterns', atLeast: 2, outcome: youthCareLater },
      /atLeast belongs to the atLeast analysis/,
    ],
    [
      'an outcome at a partner that holds a factor',
      {
        analysis: 'outcomeByCount',
        factors: [lowIncome, { ...youthCareLater, label: 'jeugdzorg in 2023', filters: [in2023] }],
        outcome: youthCareLater,
      },
      /sterkhuis holds more than one factor/,
    ],
    [
      'an outcome at the population holder',
      { analysis: 'outcomeByCount', factors: [parentCare, schoolWeight], outcome: lowIncome },
      /the outcome is held by gemeente/,
    ],
    [
      'an outcome on a field the catalog does not have',
      { analysis: 'outcomeByCount', outcome: { ...youthCareLater, filters: [{ field: 'bsn', op: 'eq', value: 1 }] } },
      /outcome \(jeugdzorg in 2024\)/,
    ],
  ])('refuses %s, naming why', (_what, combination, reason) => {
    expect(queryProblems(catalog, cocktail(combination)).join('; ')).toMatch(reason);
  });
});
