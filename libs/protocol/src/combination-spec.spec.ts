import { QuerySpecDto } from './query-spec.dto';
import { validateMessage } from './validate-message';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const spec = {
  ...DEMO_GROUNDS,
  dataset: 'children_households',
  measure: { kind: 'count' },
  groupBy: ['wijk'],
  combination: {
    factors: [
      {
        dataset: 'children_households',
        label: 'low income',
        filters: [{ field: 'low_income', op: 'eq', value: true }],
      },
      { dataset: 'youth_care_trajectories', label: 'youth care' },
    ],
  },
  purpose: 'Smart Start: children with several risk factors per wijk',
};

const withCombination = (combination: object) => ({ ...spec, combination: { ...spec.combination, ...combination } });

describe('the combination query DSL', () => {
  it('accepts a population count with two or more factors', () => {
    expect(validateMessage(QuerySpecDto, spec)).toMatchObject({
      dataset: 'children_households',
      combination: { factors: [{ label: 'low income' }, { label: 'youth care' }] },
    });
  });

  it.each<[string, object]>([
    ['a single factor', withCombination({ factors: [spec.combination.factors[0]] })],
    ['a factor without a label', withCombination({ factors: [spec.combination.factors[0], { dataset: 'pupils' }] })],
    [
      'a factor dataset that is not an identifier',
      withCombination({ factors: [spec.combination.factors[0], { dataset: 'x; DROP TABLE', label: 'bad' }] }),
    ],
    [
      'a factor filter without a value',
      withCombination({
        factors: [
          spec.combination.factors[0],
          { dataset: 'pupils', label: 'weight', filters: [{ field: 'pupil_weight', op: 'gte' }] },
        ],
      }),
    ],
    ['atLeast of zero', withCombination({ atLeast: 0 })],
  ])('refuses %s', (_what, body) => {
    expect(() => validateMessage(QuerySpecDto, body)).toThrow(/invalid message/);
  });
});

describe('the cocktail analyses in the query DSL', () => {
  const outcome = {
    dataset: 'youth_care_trajectories',
    label: 'youth care in 2024',
    filters: [{ field: 'year', op: 'eq', value: 2024 }],
  };

  it('accepts an analysis and an outcome factor; an existing atLeast query is unchanged', () => {
    expect(validateMessage(QuerySpecDto, withCombination({ analysis: 'outcomeByCount', outcome }))).toMatchObject({
      combination: { analysis: 'outcomeByCount', outcome: { label: 'youth care in 2024' } },
    });
    expect(
      JSON.parse(JSON.stringify(validateMessage(QuerySpecDto, withCombination({ atLeast: 2 })).combination)),
    ).toEqual({ ...spec.combination, atLeast: 2 });
  });

  it.each<[string, object]>([
    ['an unknown analysis', withCombination({ analysis: 'regression' })],
    ['an outcome without a label', withCombination({ analysis: 'patterns', outcome: { dataset: 'pupils' } })],
  ])('refuses %s', (_what, body) => {
    expect(() => validateMessage(QuerySpecDto, body)).toThrow();
  });
});
