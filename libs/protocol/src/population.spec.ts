import { nestedPopulations } from './population';
import { QuerySpec } from './query-spec.dto';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const base: QuerySpec = {
  ...DEMO_GROUNDS,
  dataset: 'care',
  measure: { kind: 'count' },
  groupBy: ['wijk', 'age_band'],
  purpose: 'p',
  filters: [{ field: 'year', op: 'eq', value: 2024 }],
};
const withFilters = (filters: QuerySpec['filters'], change: Partial<QuerySpec> = {}): QuerySpec => ({
  ...base,
  filters,
  ...change,
});

describe('nested populations (differencing candidates)', () => {
  it.each<[string, QuerySpec, boolean]>([
    ['the same table', base, true],
    ['one filter more', withFilters([...base.filters!, { field: 'out_of_home', op: 'eq', value: false }]), true],
    [
      'a narrower in-list',
      withFilters([...base.filters!, { field: 'care_form', op: 'in', value: ['ambulant'] }]),
      true,
    ],
    ['no filters at all (the wider one)', withFilters([]), true],
    ['another year (disjoint)', withFilters([{ field: 'year', op: 'eq', value: 2023 }]), false],
    ['another grid', { ...base, groupBy: ['wijk'] }, false],
    ['the grid in another order', { ...base, groupBy: ['age_band', 'wijk'] }, true],
    ['another dataset', { ...base, dataset: 'pupils' }, false],
  ])('%s: %p', (_what, other, nested) => {
    expect(nestedPopulations(base, other)).toBe(nested);
    expect(nestedPopulations(other, base)).toBe(nested);
  });

  it('ranges nest: year ≥ 2024 within year ≥ 2023, and an in-list within a range', () => {
    const from = (year: number) => withFilters([{ field: 'year', op: 'gte', value: year }]);
    expect(nestedPopulations(from(2024), from(2023))).toBe(true);
    expect(nestedPopulations(withFilters([{ field: 'year', op: 'in', value: [2024] }]), from(2023))).toBe(true);
    expect(nestedPopulations(withFilters([{ field: 'year', op: 'lte', value: 2023 }]), from(2024))).toBe(false);
  });
});
