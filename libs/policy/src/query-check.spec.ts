import { join } from 'node:path';
import { QuerySpec } from '@bfa/protocol';
import { loadPolicies } from './policy-loader';
import { queryProblems } from './query-check';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', 'policies'));

const valid: QuerySpec = {
  ...DEMO_GROUNDS,
  dataset: 'youth_care_trajectories',
  measure: { kind: 'sum', field: 'duration_days' },
  groupBy: ['wijk', 'age_band'],
  filters: [
    { field: 'year', op: 'eq', value: 2024 },
    { field: 'out_of_home', op: 'eq', value: true },
    { field: 'care_form', op: 'in', value: ['ambulant', 'foster_care'] },
  ],
  purpose: 'planning preventive youth support per wijk',
};

describe('queryProblems', () => {
  it('accepts a query within the catalog', () => {
    expect(queryProblems(catalog, valid)).toEqual([]);
  });

  it.each<[string, Partial<QuerySpec>, RegExp]>([
    ['an unknown dataset', { ...DEMO_GROUNDS, dataset: 'bank_accounts' }, /not in the catalog/],
    ['a sum of a non-summable field', { measure: { kind: 'sum', field: 'out_of_home' } }, /may not be summed/],
    ['a sum of an unknown field', { measure: { kind: 'sum', field: 'bsn' } }, /not a field/],
    ['a count with a field', { measure: { kind: 'count', field: 'duration_days' } }, /takes no field/],
    ['grouping by a non-dimension', { groupBy: ['care_form'] }, /not a dimension/],
    ['a filter on an unknown field', { filters: [{ field: 'child_ref', op: 'eq', value: '123' }] }, /not a field/],
    [
      'a dimension value outside the grid',
      { filters: [{ field: 'wijk', op: 'eq', value: 'WK999999' }] },
      /not among the dimension's values/,
    ],
    ['a category outside its values', { filters: [{ field: 'care_form', op: 'eq', value: 'prison' }] }, /categories/],
    ['a boolean compared with gte', { filters: [{ field: 'out_of_home', op: 'gte', value: 1 }] }, /boolean/],
    ['an "in" without a list', { filters: [{ field: 'year', op: 'in', value: 2024 }] }, /not among/],
    ['a range on a text dimension', { filters: [{ field: 'wijk', op: 'gte', value: 1 }] }, /numeric dimension/],
  ])('refuses %s with a reason', (_what, change, reason) => {
    const problems = queryProblems(catalog, { ...valid, ...change });
    expect(problems.join('\n')).toMatch(reason);
  });
});
