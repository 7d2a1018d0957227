import { join } from 'node:path';
import { ReleasedCell } from '@bfa/disclosure';
import { loadPolicies } from '@bfa/policy';
import { QueryEnvelope, QuerySpec } from '@bfa/protocol';
import { beforeCohortProblems, cohortEffectOf } from './cohort-release';
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
});
