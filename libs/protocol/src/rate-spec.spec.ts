import { QuerySpecDto } from './query-spec.dto';
import { validateMessage } from './validate-message';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const YEAR = { field: 'year', op: 'eq', value: 2024 };
const rate = (measure: object) => ({
  ...DEMO_GROUNDS,
  dataset: 'youth_care_trajectories',
  measure: { kind: 'rate', per: 1000, denominator: { dataset: 'children_households', filters: [YEAR] }, ...measure },
  groupBy: ['wijk'],
  filters: [YEAR],
  purpose: 'Smart Start: youth care per 1,000 children of the wijk',
});

describe('the mean and rate measures of the query DSL', () => {
  it('accepts a rate with its denominator and interval, and a mean of a field', () => {
    expect(validateMessage(QuerySpecDto, rate({ interval: 'exact' }))).toMatchObject({
      measure: { kind: 'rate', per: 1000, interval: 'exact', denominator: { dataset: 'children_households' } },
    });
    expect(
      validateMessage(QuerySpecDto, { ...rate({}), measure: { kind: 'mean', field: 'duration_days' } }),
    ).toMatchObject({ measure: { kind: 'mean', field: 'duration_days' } });
  });

  it.each<[string, object, RegExp]>([
    ['a rate without a denominator', rate({ denominator: undefined }), /denominator/],
    ['a rate per 7', rate({ per: 7 }), /measure.per must be one of 1, 100, 1000, 10000, 100000/],
    ['an unknown interval', rate({ interval: 'wald' }), /measure.interval must be one of wilson, exact/],
    [
      'a denominator that is not a dataset id',
      rate({ denominator: { dataset: 'x; DROP TABLE' } }),
      /denominator.dataset must be a dataset id/,
    ],
    [
      'a denominator filter without a value',
      rate({ denominator: { dataset: 'children_households', filters: [{ field: 'year', op: 'eq' }] } }),
      /value/,
    ],
    ['a mean without a field', { ...rate({}), measure: { kind: 'mean' } }, /measure.field/],
  ])('refuses %s, naming the problem', (_what, body, problem) => {
    expect(() => validateMessage(QuerySpecDto, body)).toThrow(problem);
  });
});
