import { CombinationSpecDto } from './combination-spec.dto';
import { validateMessage } from './validate-message';

const spec = {
  population: 'children_households',
  groupBy: ['wijk'],
  factors: [
    { dataset: 'children_households', label: 'low income', filters: [{ field: 'low_income', op: 'eq', value: true }] },
    { dataset: 'youth_care_trajectories', label: 'youth care' },
  ],
  purpose: 'Smart Start: children with several risk factors per wijk',
};

describe('the combination query DSL', () => {
  it('accepts a population, a grid and two or more factors', () => {
    expect(validateMessage(CombinationSpecDto, spec)).toMatchObject({ population: 'children_households', factors: [{ label: 'low income' }, { label: 'youth care' }] });
  });

  it.each<[string, object]>([
    ['a single factor', { ...spec, factors: [spec.factors[0]] }],
    ['a factor without a label', { ...spec, factors: [spec.factors[0], { dataset: 'pupils' }] }],
    ['a dataset that is not an identifier', { ...spec, population: 'x; DROP TABLE' }],
    ['atLeast of zero', { ...spec, atLeast: 0 }],
    ['a short purpose', { ...spec, purpose: 'why not' }],
  ])('refuses %s', (_what, body) => {
    expect(() => validateMessage(CombinationSpecDto, body)).toThrow(/invalid message/);
  });
});
