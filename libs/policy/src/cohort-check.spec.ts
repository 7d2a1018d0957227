import { join } from 'node:path';
import { QuerySpec } from '@bfa/protocol';
import { combinationParties } from './combination-check';
import { loadPolicies } from './policy-loader';
import { queryProblems } from './query-check';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', 'policies'));
const schools = catalog.dimensions.school.values;

const youthCare2024 = {
  dataset: 'youth_care_trajectories',
  label: 'jeugdzorg in 2024',
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
};
const veiligThuis2024 = {
  dataset: 'health_monitor',
  label: 'melding Veilig Thuis in 2024',
  filters: [
    { field: 'year', op: 'eq' as const, value: 2024 },
    { field: 'domestic_violence_report', op: 'eq' as const, value: true },
  ],
};

/** Pupils of 2023 at the school board, by Team op Maat arm, followed to youth care and Veilig Thuis in 2024. */
const cohort = (over: Partial<QuerySpec> = {}, combination: object = {}): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'pupils',
  measure: { kind: 'count' },
  filters: [{ field: 'year', op: 'eq', value: 2023 }],
  groupBy: ['arm'],
  arms: { dimension: 'school', label: 'Team op Maat', intervention: schools.slice(0, 5) },
  combination: { analysis: 'cohort', factors: [youthCare2024, veiligThuis2024], ...combination },
  purpose: 'Smart Start: pupils of 2023 followed to youth care and Veilig Thuis in 2024, by Team op Maat arm',
  ...over,
});

describe('cohort follow-up against the catalog', () => {
  it('accepts a cohort of pupils by arm with outcomes at two other partners a year later, and one outcome alone', () => {
    expect(queryProblems(catalog, cohort())).toEqual([]);
    expect(combinationParties(catalog, cohort() as never)).toEqual({
      populationHolder: 'schoolbestuur',
      factorHolders: ['sterkhuis', 'ggd'],
    });
    expect(queryProblems(catalog, cohort({}, { factors: [youthCare2024] }))).toEqual([]);
    expect(
      queryProblems(
        catalog,
        cohort({}, { factors: [{ ...youthCare2024, filters: [{ field: 'year', op: 'eq', value: 2023 }] }] }),
      ),
    ).toEqual([]);
  });

  it.each<[string, Partial<QuerySpec>, object, RegExp]>([
    ['a grid besides the arms', { groupBy: ['arm', 'age_band'] }, {}, /grouped by arm only/],
    ['no arms', { groupBy: ['wijk'], arms: undefined }, {}, /grouped by arm only/],
    [
      'an outcome before the cohort',
      { filters: [{ field: 'year', op: 'eq', value: 2024 }] },
      { factors: [{ ...youthCare2024, filters: [{ field: 'year', op: 'eq', value: 2023 }] }] },
      /its year 2023 is before the cohort's year 2024/,
    ],
    [
      'an outcome over every year',
      {},
      { factors: [{ ...youthCare2024, filters: [] }] },
      /an outcome is measured in one year/,
    ],
    [
      "an outcome at the cohort's own holder",
      {},
      {
        factors: [
          youthCare2024,
          { dataset: 'pupils', label: 'verzuim', filters: [{ field: 'year', op: 'eq', value: 2024 }] },
        ],
      },
      /held by the cohort's own holder/,
    ],
    ['atLeast', {}, { atLeast: 1 }, /leave atLeast out/],
    ['a separate outcome', {}, { outcome: youthCare2024 }, /leave combination.outcome out/],
    [
      'a before cohort on another analysis',
      {},
      { analysis: 'atLeast', before: '00000000-0000-4000-8000-000000000000' },
      /before cohort of a cohort analysis only/,
    ],
  ])('refuses %s, naming why', (_what, over, combination, reason) => {
    expect(queryProblems(catalog, cohort(over, combination)).join('; ')).toMatch(reason);
  });
});
