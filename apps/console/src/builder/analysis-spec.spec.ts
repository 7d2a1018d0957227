import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';
import { builderChecks } from '../../../../tests/support/builder-checks';
import { schools } from '../../../../seeds/schools';
import { armSources, offeredDimensions, outcomeDatasets, populationDatasets } from './analysis-spec';
import { Draft, emptyDraft, factorDatasets, specOf } from './catalog';
import { draftProblems } from './draft-problems';

const purpose = 'Smart Start: rates, means, arms and cocktails for the programme office';
const draftOf = (dataset: string, patch: Partial<Draft> = {}): Draft => ({
  ...emptyDraft(dataset),
  legalBasis: DEMO_GROUNDS.legalBasis,
  dpia: DEMO_GROUNDS.dpia,
  retentionDays: String(DEMO_GROUNDS.retentionDays),
  purpose,
  ...patch,
});
const TEAM_OP_MAAT = schools()
  .filter((s) => s.wijk === 'WK085508' || s.wijk === 'WK085502')
  .map((s) => s.brin);

/** The builder's measures, arms and cocktail analyses against the coordinator's own checks: the DTO's validation and the catalog's. */
describe("the query builder's analyses", () => {
  const { policies, catalog, coordinatorProblems } = builderChecks();

  it('publishes which datasets are populations, and offers only those as the denominator', () => {
    expect(populationDatasets(catalog)).toEqual(
      Object.keys(policies.catalog.datasets).filter((id) => policies.catalog.datasets[id].population),
    );
    expect(populationDatasets(catalog)).toContain('children_households');
  });

  it('makes a rate per 1,000 children of the same year, with its interval, that the coordinator accepts', () => {
    const draft = draftOf('youth_care_trajectories', {
      measure: 'rate',
      rate: { denominator: 'children_households', per: 1000, interval: 'exact' },
      groupBy: ['wijk'],
      year: '2024',
    });
    const spec = specOf(catalog, draft);
    expect(spec.measure).toEqual({
      kind: 'rate',
      per: 1000,
      interval: 'exact',
      denominator: { dataset: 'children_households', filters: [{ field: 'year', op: 'eq', value: 2024 }] },
    });
    expect(coordinatorProblems(spec)).toEqual([]);
    expect(draftProblems(catalog, draft)).toEqual([]);
  });

  it("offers a rate only the breakdowns its denominator has too, and sends none it doesn't offer", () => {
    const draft = draftOf('pupils', {
      measure: 'rate',
      rate: { denominator: 'children_households', per: 100, interval: 'wilson' },
      groupBy: ['school', 'wijk'],
    });
    expect(offeredDimensions(catalog, draft)).toEqual(
      policies.catalog.datasets.pupils.dimensions.filter((d) =>
        policies.catalog.datasets.children_households.dimensions.includes(d),
      ),
    );
    expect(offeredDimensions(catalog, draft)).not.toContain('school');
    expect(specOf(catalog, draft).groupBy).toEqual(['wijk']);
    expect(coordinatorProblems(specOf(catalog, draft))).toEqual([]);
  });

  it('makes a mean of a summable field, and says before sending when none is chosen', () => {
    const spec = specOf(
      catalog,
      draftOf('pupils', { measure: 'mean', field: 'absence_hours', groupBy: ['wijk'], year: '2024' }),
    );
    expect(spec.measure).toEqual({ kind: 'mean', field: 'absence_hours' });
    expect(coordinatorProblems(spec)).toEqual([]);
    const none = draftOf('pupils', { measure: 'mean', field: '', groupBy: ['wijk'] });
    expect(draftProblems(catalog, none)).toEqual(['problem.field']);
    expect(coordinatorProblems(specOf(catalog, none))).not.toEqual([]);
  });

  it('makes arms of catalog schools, with a label and an optional comparison list, that the coordinator accepts', () => {
    expect(armSources(catalog, draftOf('pupils', { groupBy: ['arm', 'year'] }))).toEqual([
      'wijk',
      'buurt',
      'school',
      'age_band',
    ]);
    const arms = { dimension: 'school', label: ' Team op Maat ', intervention: TEAM_OP_MAAT, comparison: [] };
    const spec = specOf(catalog, draftOf('pupils', { groupBy: ['arm', 'year'], arms }));
    expect(spec.arms).toEqual({ dimension: 'school', label: 'Team op Maat', intervention: TEAM_OP_MAAT });
    expect(coordinatorProblems(spec)).toEqual([]);
    const compared = specOf(catalog, draftOf('pupils', { groupBy: ['arm'], arms: { ...arms, comparison: ['37AN'] } }));
    expect(compared.arms?.comparison).toEqual(['37AN']);
    expect(coordinatorProblems(compared)).toEqual([]);
    // Without grouping by arm, the lists stay out of the body.
    expect(specOf(catalog, draftOf('pupils', { groupBy: ['wijk'], arms }))).not.toHaveProperty('arms');
  });

  it.each([
    ['no intervention school', { intervention: [] }, 'problem.intervention'],
    ['a school in both arms', { intervention: ['37AN'], comparison: ['37AN'] }, 'problem.armsOverlap'],
    ['every school in the intervention arm', { intervention: 'all' }, 'problem.comparisonEmpty'],
    ['a label of two characters', { label: 'TM' }, 'problem.armsLabel'],
  ])('refuses arms with %s before sending, as the coordinator does', (_, patch, problem) => {
    const all = catalog.dimensions.school.values.map(String);
    const arms = {
      dimension: 'school',
      label: 'Team op Maat',
      intervention: TEAM_OP_MAAT,
      comparison: [] as string[],
      ...patch,
    };
    const draft = draftOf('pupils', {
      groupBy: ['arm'],
      arms: { ...arms, intervention: arms.intervention === 'all' ? all : (arms.intervention as string[]) },
    });
    expect(draftProblems(catalog, draft)).toEqual([problem]);
    expect(coordinatorProblems(specOf(catalog, draft))).not.toEqual([]);
  });

  it('makes the outcome-by-count cocktail: risk factors in the population year, the outcome at a fourth partner a year later', () => {
    // The population holder's own factor (low income) comes first; the school board holds none, so it may hold the outcome too.
    const factors = { children_households: 'low_income', health_monitor: 'parent_mental_health_care' };
    const population = draftOf('children_households', {
      combination: true,
      groupBy: ['age_band'],
      year: '2023',
      factors,
    });
    expect(outcomeDatasets(catalog, population, factorDatasets(catalog, 'children_households')).sort()).toEqual([
      'pupils',
      'youth_care_trajectories',
    ]);
    const draft = {
      ...population,
      analysis: 'outcomeByCount' as const,
      outcome: 'youth_care_trajectories',
      outcomeYear: '2024',
    };
    const spec = specOf(catalog, draft);
    const in2023 = { field: 'year', op: 'eq', value: 2023 };
    expect(spec.combination).toEqual({
      analysis: 'outcomeByCount',
      factors: [
        {
          dataset: 'children_households',
          label: 'Huishouden met laag inkomen',
          filters: [in2023, { field: 'low_income', op: 'eq', value: true }],
        },
        {
          dataset: 'health_monitor',
          label: 'Ouder in GGZ-behandeling',
          filters: [in2023, { field: 'parent_mental_health_care', op: 'eq', value: true }],
        },
      ],
      outcome: {
        dataset: 'youth_care_trajectories',
        label: 'Jeugdhulptrajecten (Sterk Huis) 2024',
        filters: [{ field: 'year', op: 'eq', value: 2024 }],
      },
    });
    expect(draftProblems(catalog, draft)).toEqual([]);
    expect(coordinatorProblems(spec)).toEqual([]);
    expect(draftProblems(catalog, { ...draft, outcome: '' })).toEqual(['problem.outcome']);
    expect(coordinatorProblems(specOf(catalog, { ...draft, outcome: '' }))).toEqual([
      expect.stringMatching(/outcomeByCount needs an outcome/),
    ]);
  });

  it('makes the pattern table with an outcome that the coordinator accepts; one factor is refused by both', () => {
    const factors = { health_monitor: 'parent_mental_health_care', pupils: '', children_households: 'debt_support' };
    const draft = draftOf('children_households', {
      combination: true,
      groupBy: ['age_band'],
      year: '2023',
      factors,
      analysis: 'patterns',
      outcome: 'youth_care_trajectories|out_of_home',
      outcomeYear: '2024',
    });
    const spec = specOf(catalog, draft);
    expect(spec.combination?.outcome?.filters).toEqual([
      { field: 'year', op: 'eq', value: 2024 },
      { field: 'out_of_home', op: 'eq', value: true },
    ]);
    expect(coordinatorProblems(spec)).toEqual([]);
    const one = { ...draft, factors: { health_monitor: 'parent_mental_health_care' } };
    expect(draftProblems(catalog, one)).toEqual(['problem.factors']);
    expect(coordinatorProblems(specOf(catalog, one))).not.toEqual([]);
  });
});
