import { join } from 'node:path';
import { ReleasedCell } from '@bfa/disclosure';
import { loadPolicies } from '@bfa/policy';
import { QueryEnvelope, QuerySpec } from '@bfa/protocol';
import { beforeCohortProblems, cohortEffectOf, earlierCohorts, HeldCohort, PRE_TREND_COHORTS } from './cohort-release';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const schools = catalog.dimensions.school.values;
const BEFORE = '11111111-1111-4111-8111-111111111111';
const year = (value: number) => ({ field: 'year', op: 'eq' as const, value });

const cohort = (
  cohortYear: number,
  outcomeYear: number,
  over: Partial<QuerySpec> = {},
  before?: string,
): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'pupils',
  measure: { kind: 'count' },
  filters: [year(cohortYear)],
  groupBy: ['arm'],
  arms: { dimension: 'school', label: 'Team op Maat', intervention: schools.slice(0, 5) },
  combination: {
    analysis: 'cohort',
    factors: [{ dataset: 'youth_care_trajectories', label: `jeugdzorg ${outcomeYear}`, filters: [year(outcomeYear)] }],
    ...(before ? { before } : {}),
  },
  purpose: 'Smart Start: Team op Maat, pupils followed to youth care',
  ...over,
});
const envelope = (spec: QuerySpec, id = BEFORE, requester = 'analyst.smartstart'): QueryEnvelope =>
  ({
    id,
    spec,
    requester,
    submittedAt: '2026-11-30T00:00:00Z',
    dataHolders: [],
    keyHolders: [],
    keyId: '0',
    minCellSize: 10,
  }) as QueryEnvelope;
const cells = (counts: Record<string, [number, number]>): ReleasedCell[] =>
  Object.entries(counts).flatMap(([arm, [children, withOutcome]]) => [
    { coordinates: { arm, outcome: 'Totaal' }, value: children, suppressed: false },
    { coordinates: { arm, outcome: '1' }, value: withOutcome, suppressed: false },
    { coordinates: { arm, outcome: '0' }, value: children - withOutcome, suppressed: false },
  ]);
const released = cells({ intervention: [400, 60], comparison: [600, 90] });

describe('the before cohort of a difference in differences', () => {
  const after = cohort(2024, 2024, {}, BEFORE);
  const check = (
    before: QueryEnvelope | null,
    releasedCells: ReleasedCell[] | null = released,
    requester = 'analyst.smartstart',
  ) => beforeCohortProblems(catalog, after, requester, { envelope: before, cells: releasedCells });

  it('accepts the analyst’s own released cohort of an earlier year with the same arms, population and follow-up', () => {
    expect(check(envelope(cohort(2023, 2023)))).toEqual([]);
    expect(
      beforeCohortProblems(catalog, cohort(2024, 2024), 'analyst.smartstart', { envelope: null, cells: null }),
    ).toEqual([]);
  });

  it.each<[string, QueryEnvelope | null, ReleasedCell[] | null, RegExp]>([
    ['a query that does not exist', null, null, /is not a query of yours/],
    [
      'another analyst’s query (told apart from none)',
      envelope(cohort(2023, 2023), BEFORE, 'analyst.other'),
      released,
      /is not a query of yours/,
    ],
    ['a query not yet released', envelope(cohort(2023, 2023)), null, /is not released/],
    [
      'a query that is no cohort',
      envelope({ ...cohort(2023, 2023), combination: { factors: [] } }),
      released,
      /is not a cohort query/,
    ],
    [
      'other arms',
      envelope(
        cohort(2023, 2023, { arms: { dimension: 'school', label: 'Team op Maat', intervention: schools.slice(0, 6) } }),
      ),
      released,
      /arms differ/,
    ],
    [
      'another population',
      envelope(cohort(2023, 2023, { filters: [year(2023), { field: 'pupil_weight', op: 'gte', value: 30 }] })),
      released,
      /another population/,
    ],
    ['a later cohort', envelope(cohort(2024, 2024)), released, /is not before this one/],
    ['a longer follow-up', envelope(cohort(2023, 2024)), released, /another number of years/],
  ])('refuses %s, naming why', (_what, before, releasedCells, reason) => {
    expect(check(before, releasedCells).join('; ')).toMatch(reason);
  });

  it('the effect names both cohorts by query and year and rests on the released cells only', () => {
    const effect = cohortEffectOf(
      catalog,
      envelope(after, 'after-id'),
      cells({ intervention: [400, 40], comparison: [600, 84] }),
      { envelope: envelope(cohort(2023, 2023)), cells: released },
    );
    expect(effect.cohorts).toEqual({
      before: { queryId: BEFORE, year: 2023 },
      after: { queryId: 'after-id', year: 2024 },
    });
    expect(effect.outcomes).toEqual(['jeugdzorg 2024']);
    expect(effect.estimate).toBeCloseTo(0.1 - 0.15 - (0.14 - 0.15), 12);
  });

  describe('the cohorts before the before cohort, for the pre-trend check', () => {
    // The catalog holds 2023 and 2024; a federation that has been running for longer lists more years.
    const years = { ...catalog.dimensions.year, values: [2020, 2021, 2022, 2023, 2024] };
    const longer = { ...catalog, dimensions: { ...catalog.dimensions, year: years } };
    const held = (list: HeldCohort[]) => async (id: string) => list.find((c) => c.envelope.id === id) ?? null;
    const chained = (y: number, id: string, before?: string, requester?: string): HeldCohort => ({
      envelope: envelope(cohort(y, y, {}, before), id, requester),
      cells: released,
    });

    it('follows each cohort’s own before cohort back while released, and checks the pre-trend over all of them', async () => {
      const c2021 = chained(2021, 'c2021');
      const c2022 = chained(2022, 'c2022', 'c2021');
      const c2023 = chained(2023, 'c2023', 'c2022');
      const earlier = await earlierCohorts(c2023.envelope, held([c2021, c2022, c2023]));
      expect(earlier.map((c) => c.envelope.id)).toEqual(['c2022', 'c2021']);
      const effect = cohortEffectOf(
        longer,
        envelope(cohort(2024, 2024, {}, 'c2023'), 'after-id'),
        cells({ intervention: [400, 40], comparison: [600, 84] }),
        c2023,
        earlier,
      );
      expect(effect.preTrend).toMatchObject({
        checked: true,
        cohorts: [
          { queryId: 'c2021', year: 2021 },
          { queryId: 'c2022', year: 2022 },
          { queryId: 'c2023', year: 2023 },
        ],
        years: [2021, 2022, 2023],
        alike: true,
      });
      // The same counts every year: the arms moved exactly alike.
      expect(effect.preTrend!.estimate).toBeCloseTo(0, 12);
    });

    it('stops at a cohort no longer released, another analyst’s, a loop, and after the most it follows', async () => {
      const first = chained(2023, 'c2023', 'c2022');
      expect(await earlierCohorts(first.envelope, held([first]))).toEqual([]);
      expect(
        await earlierCohorts(first.envelope, held([first, chained(2022, 'c2022', undefined, 'analyst.other')])),
      ).toEqual([]);
      const loop = [first, chained(2022, 'c2022', 'c2023')];
      expect((await earlierCohorts(first.envelope, held(loop))).map((c) => c.envelope.id)).toEqual(['c2022']);
      const long = Array.from({ length: 20 }, (_, i) => chained(2023 - i, `c${2023 - i}`, `c${2022 - i}`));
      expect(await earlierCohorts(long[0].envelope, held(long))).toHaveLength(PRE_TREND_COHORTS - 1);
      expect(await earlierCohorts(chained(2023, 'c2023').envelope, held(long))).toEqual([]);
    });
  });
});
