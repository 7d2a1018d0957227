import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';
import { builderChecks } from '../../../../tests/support/builder-checks';
import { teamOpMaatSchools } from '../../../../seeds/team-op-maat';
import { cohortSpec } from '../../../../tests/support/cohort-truth';
import { ANY_RECORD, Draft, emptyDraft, specOf } from './catalog';
import { cohortProblems, releasedCohorts } from './cohort-spec';
import { draftProblems } from './draft-problems';

const BEFORE = '0b6c4f7e-3f7a-4c55-9d1e-2a8f5b9c1d20';
const purpose = 'Smart Start: Team op Maat pupils followed to youth care';
const arms = { label: 'Team op Maat', intervention: teamOpMaatSchools(), comparison: [] };

/** A cohort as the analyst fills it in: Team op Maat's schools against the rest, any youth-care trajectory. */
const cohortDraft = (patch: Partial<Draft> = {}): Draft => ({
  ...emptyDraft('pupils'),
  combination: true,
  analysis: 'cohort',
  groupBy: ['arm'],
  arms: { dimension: 'school', label: arms.label, intervention: arms.intervention, comparison: [] },
  year: '2024',
  factors: { youth_care_trajectories: ANY_RECORD },
  purpose,
  legalBasis: DEMO_GROUNDS.legalBasis,
  dpia: DEMO_GROUNDS.dpia,
  retentionDays: String(DEMO_GROUNDS.retentionDays),
  ...patch,
});

/** The builder's cohort follow-up against the body the CLI's and the e2e suites' cohorts send, and the coordinator's checks. */
describe("the query builder's cohort follow-up", () => {
  const { catalog, coordinatorProblems } = builderChecks();
  /** A spec without the words the analyst chooses (the outcome's label, the purpose): what must be the same. */
  const shape = (spec: { purpose: string; combination?: { factors: { label: string }[] } }) => ({
    ...spec,
    purpose: undefined,
    combination: { ...spec.combination, factors: spec.combination!.factors.map((f) => ({ ...f, label: undefined })) },
  });

  it('sends the body a submitted cohort sends, naming its before cohort, and the coordinator accepts it', () => {
    const spec = specOf(catalog, cohortDraft({ before: BEFORE }));
    expect(shape(spec)).toEqual(shape({ ...cohortSpec(arms, 2024, BEFORE), ...DEMO_GROUNDS }));
    expect(spec.combination!.factors[0].label).toBe('Jeugdhulptrajecten (Sterk Huis) 2024');
    expect(coordinatorProblems(spec)).toEqual([]);
    expect(draftProblems(catalog, cohortDraft())).toEqual([]);
    expect(cohortProblems(catalog, cohortDraft())).toEqual([]);
  });

  it('leaves the before cohort out when none is chosen: the risks per arm only', () => {
    const spec = specOf(catalog, cohortDraft());
    expect(spec.combination).toEqual({
      analysis: 'cohort',
      factors: [
        {
          dataset: 'youth_care_trajectories',
          label: 'Jeugdhulptrajecten (Sterk Huis) 2024',
          filters: [{ field: 'year', op: 'eq', value: 2024 }],
        },
      ],
    });
    expect(shape(spec)).toEqual(shape({ ...cohortSpec(arms, 2024), ...DEMO_GROUNDS }));
  });

  it('looks for a condition of an outcome, and at several partners, in the outcome year chosen', () => {
    const spec = specOf(
      catalog,
      cohortDraft({
        year: '2023',
        outcomeYear: '2024',
        factors: { youth_care_trajectories: 'out_of_home', health_monitor: ANY_RECORD, children_households: '' },
      }),
    );
    expect(spec.filters).toEqual([{ field: 'year', op: 'eq', value: 2023 }]);
    expect(spec.combination!.factors).toEqual([
      {
        dataset: 'youth_care_trajectories',
        label: 'Uithuisplaatsing 2024',
        filters: [
          { field: 'year', op: 'eq', value: 2024 },
          { field: 'out_of_home', op: 'eq', value: true },
        ],
      },
      {
        dataset: 'health_monitor',
        label: 'Gezondheidsmonitor jeugd (GGD) 2024',
        filters: [{ field: 'year', op: 'eq', value: 2024 }],
      },
    ]);
    expect(coordinatorProblems(spec)).toEqual([]);
  });

  it('says before sending what the coordinator would refuse: no outcome, an outcome before the cohort, no arms', () => {
    expect(cohortProblems(catalog, cohortDraft({ factors: { youth_care_trajectories: '' } }))).toEqual([
      'problem.outcomes',
    ]);
    const early = cohortDraft({ outcomeYear: '2023' });
    expect(cohortProblems(catalog, early)).toEqual(['problem.outcomeYear']);
    expect(coordinatorProblems(specOf(catalog, early))).toEqual([
      expect.stringMatching(/its year 2023 is before the cohort's year 2024/),
    ]);
    expect(cohortProblems(catalog, cohortDraft({ dataset: 'youth_care_trajectories' }))).toContain('problem.noArms');
    // Neither the year nor the arms go unsaid either: the builder's other checks hold for a cohort too.
    expect(draftProblems(catalog, cohortDraft({ year: '' }))).toContain('problem.year');
    expect(draftProblems(catalog, cohortDraft({ arms: { ...cohortDraft().arms, intervention: [] } }))).toContain(
      'problem.intervention',
    );
  });

  it('offers as before cohorts only the released cohort follow-ups of the same population, earliest first', async () => {
    const cohortOf = (year: number, label: string) => ({
      envelope: { spec: { ...cohortSpec({ ...arms, label }, year), ...DEMO_GROUNDS } },
    });
    const views: Record<string, object> = {
      a: cohortOf(2024, 'later'),
      b: cohortOf(2023, 'earlier'),
      c: { envelope: { spec: { dataset: 'pupils', purpose, combination: { analysis: 'patterns' } } } },
    };
    const api = {
      get: async <T>(path: string): Promise<T> =>
        (path === '/queries'
          ? [
              { id: 'a', dataset: 'pupils', state: 'released' },
              { id: 'b', dataset: 'pupils', state: 'released' },
              { id: 'c', dataset: 'pupils', state: 'released' },
              { id: 'd', dataset: 'pupils', state: 'executing' },
              { id: 'e', dataset: 'children_households', state: 'released' },
            ]
          : views[path.replace('/queries/', '')]) as T,
    };
    const offered = await releasedCohorts(api, catalog, 'pupils');
    expect(offered.map((b) => [b.id, b.year, b.arms])).toEqual([
      ['b', '2023', 'earlier'],
      ['a', '2024', 'later'],
    ]);
  });
});
