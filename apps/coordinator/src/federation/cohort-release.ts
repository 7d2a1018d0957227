import { CohortEffect, cohortEffect, ReleasedCohort } from '@bfa/combination';
import { canonicalJson } from '@bfa/crypto';
import { ReleasedCell } from '@bfa/disclosure';
import { Catalog, COMBINATION_YEAR, combinationYear, isCohort, outcomeYear } from '@bfa/policy';
import { QueryEnvelope, QuerySpec } from '@bfa/protocol';

/** What the coordinator holds of the before cohort a query names: its envelope and its release, null where there is none. */
export interface BeforeCohort {
  envelope: QueryEnvelope | null;
  cells: readonly ReleasedCell[] | null;
}

const withoutYear = (filters: QuerySpec['filters']) =>
  canonicalJson((filters ?? []).filter((f) => f.field !== COMBINATION_YEAR));

/** How many years after the cohort each outcome is measured: both cohorts of a difference in differences must follow their children equally long. */
function lags(catalog: Catalog, spec: QuerySpec): number[] {
  const cohort = Number(combinationYear(catalog, spec));
  return spec.combination!.factors.map((f) => Number(outcomeYear(catalog, f.filters)) - cohort);
}

/** Why the named before cohort can't be compared with this one: the same arms, population and outcomes, an earlier year, the same follow-up. */
function comparisonProblems(catalog: Catalog, spec: QuerySpec, earlier: QuerySpec): string[] {
  const id = spec.combination!.before;
  const outcomes = (s: QuerySpec) =>
    canonicalJson(s.combination!.factors.map((f) => [f.dataset, withoutYear(f.filters)]));
  const problems = [
    ...(earlier.dataset === spec.dataset && withoutYear(earlier.filters) === withoutYear(spec.filters)
      ? []
      : ['its cohort is drawn from another population (dataset or filters besides the year)']),
    ...(canonicalJson(earlier.arms) === canonicalJson(spec.arms)
      ? []
      : ['its arms differ: a difference in differences compares the same arms']),
    ...(outcomes(earlier) === outcomes(spec) ? [] : ['its outcomes differ (datasets or filters besides the year)']),
  ];
  if (problems.length > 0) return problems.map((p) => `combination.before (${id}): ${p}`);
  const [year, before] = [combinationYear(catalog, spec), combinationYear(catalog, earlier)];
  if (!(Number(before) < Number(year)))
    return [`combination.before (${id}): its cohort (${before}) is not before this one (${year})`];
  return canonicalJson(lags(catalog, earlier)) === canonicalJson(lags(catalog, spec))
    ? []
    : [`combination.before (${id}): its outcomes follow the cohort over another number of years`];
}

/**
 * Whether the before cohort a cohort query names is one the analyst may compare with: their own released cohort
 * query of an earlier year, with the same arms, population and outcomes. Another analyst's query is not told
 * apart from one that does not exist.
 */
export function beforeCohortProblems(
  catalog: Catalog,
  spec: QuerySpec,
  requester: string,
  before: BeforeCohort,
): string[] {
  const id = spec.combination?.before;
  if (!spec.combination || !isCohort(spec.combination) || id === undefined) return [];
  if (!before.envelope || before.envelope.requester !== requester)
    return [`combination.before: ${id} is not a query of yours`];
  if (!before.envelope.spec.combination || !isCohort(before.envelope.spec.combination))
    return [`combination.before: ${id} is not a cohort query`];
  if (!before.cells) return [`combination.before: ${id} is not released (yet): submit this cohort once it is`];
  return comparisonProblems(catalog, spec, before.envelope.spec);
}

/** A released cohort query as the coordinator holds it. */
export interface HeldCohort {
  envelope: QueryEnvelope;
  cells: readonly ReleasedCell[];
}

/** The most cohorts a pre-trend check follows back from the before cohort. */
export const PRE_TREND_COHORTS = 10;

/**
 * The cohorts the before cohort names in turn (its own before, that one's, …) while they are released: each was
 * checked against the next at its submission (the same analyst, arms, population, outcomes and follow-up, an earlier
 * year), so all are comparable with the before cohort. The pre-trend check's earlier years; none when it names none.
 */
export async function earlierCohorts(
  before: QueryEnvelope,
  held: (id: string) => Promise<HeldCohort | null>,
): Promise<HeldCohort[]> {
  const found: HeldCohort[] = [];
  const seen = new Set([before.id]);
  for (let id = before.spec.combination?.before; id && !seen.has(id) && found.length < PRE_TREND_COHORTS - 1;) {
    seen.add(id);
    const cohort = await held(id);
    if (!cohort || cohort.envelope.requester !== before.requester) break;
    found.push(cohort);
    id = cohort.envelope.spec.combination?.before;
  }
  return found;
}

/**
 * The cohort's release.effect: from this release's protected cells and, when named, the before cohort's released cells
 * and those of the cohorts it names in turn (`earlier`, for the pre-trend check).
 */
export function cohortEffectOf(
  catalog: Catalog,
  envelope: QueryEnvelope,
  cells: readonly ReleasedCell[],
  before?: HeldCohort,
  earlier: readonly HeldCohort[] = [],
): CohortEffect {
  const cohort = (e: QueryEnvelope, c: readonly ReleasedCell[]): ReleasedCohort => ({
    queryId: e.id,
    year: combinationYear(catalog, e.spec)!,
    cells: c,
  });
  const outcomes = envelope.spec.combination!.factors.map((f) => f.label);
  return cohortEffect(
    outcomes,
    cohort(envelope, cells),
    before && cohort(before.envelope, before.cells),
    earlier.map((e) => cohort(e.envelope, e.cells)),
  );
}
