import { riskFactorCombination } from '../../../../deploy/local/risk-factors';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';
import { chargedDatasets } from './charged-datasets';

describe('the datasets a query spends privacy budget of', () => {
  it("charges a count to its dataset, a combination to its population's and each factor's, each once", () => {
    expect(
      chargedDatasets({
        ...DEMO_GROUNDS,
        dataset: 'pupils',
        measure: { kind: 'count' },
        groupBy: ['wijk'],
        filters: [],
        purpose: 'a purpose of twenty characters',
      }),
    ).toEqual(['pupils']);
    // children_households is the population and holds the low-income factor.
    expect(chargedDatasets(riskFactorCombination({ atLeast: 2, purpose: 'a purpose of twenty characters' }))).toEqual([
      'children_households',
      'youth_care_trajectories',
      'health_monitor',
      'pupils',
    ]);
  });
});
