import { ARM } from './analysis-spec';
import type { CohortLabel } from './cohort-i18n';
import { Draft, Filter, PublishedCatalog, QuerySpec, yearValue } from './catalog';

type Factor = { dataset: string; label: string; filters: Filter[] };

/** A cohort follow-up may be asked of a population that can be grouped by arm: its cohort is compared arm against arm. */
export const mayFollowCohort = (catalog: PublishedCatalog, dataset: string) =>
  Boolean(catalog.datasets[dataset]?.dimensions.includes(ARM));

/**
 * A cohort follow-up's combination (libs/protocol CombinationDto, analysis cohort): its outcomes at other partners,
 * each looked for in the outcome's year (the cohort's own unless a later one is chosen), and the before cohort that
 * makes it a difference in differences. The same body as `bfa analyst submit` sends for one (README, "Cohort follow-up").
 */
export function cohortOf(
  catalog: PublishedCatalog,
  draft: Draft,
  outcomes: Factor[],
  cohortYear: Filter[],
): NonNullable<QuerySpec['combination']> {
  const year = draft.outcomeYear || draft.year;
  const when: Filter[] = draft.outcomeYear
    ? [{ field: catalog.combinationYear, op: 'eq', value: yearValue(catalog, draft.outcomeYear) }]
    : cohortYear;
  const factors = outcomes.map((o) => ({
    dataset: o.dataset,
    label: `${o.label} ${year}`.trim().slice(0, 80),
    filters: catalog.datasets[o.dataset].dimensions.includes(catalog.combinationYear)
      ? [...when, ...o.filters]
      : o.filters,
  }));
  return { factors, analysis: 'cohort', ...(draft.before ? { before: draft.before } : {}) };
}

/** What the coordinator would refuse in a cohort draft, said before it is sent (labels of ./cohort-i18n.ts). */
export function cohortProblems(catalog: PublishedCatalog, draft: Draft): CohortLabel[] {
  if (!draft.combination || draft.analysis !== 'cohort') return [];
  const problems: CohortLabel[] = mayFollowCohort(catalog, draft.dataset) ? [] : ['problem.noArms'];
  if (!Object.values(draft.factors).some(Boolean)) problems.push('problem.outcomes');
  if (draft.outcomeYear && draft.year && Number(draft.outcomeYear) < Number(draft.year))
    problems.push('problem.outcomeYear');
  return problems;
}

/** One of the analyst's released cohorts that a new cohort may name as its before cohort. */
export interface BeforeCohort {
  id: string;
  year: string;
  purpose: string;
  arms: string;
}

type Summary = { id: string; dataset: string; state: string };
type View = { envelope: { spec: QuerySpec } };

/**
 * The analyst's released cohort follow-ups of this population, earliest year first: the coordinator lists only the
 * analyst's own queries, and checks again at submission that the one named has the same arms and outcomes.
 */
export async function releasedCohorts(
  api: { get<T>(path: string): Promise<T> },
  catalog: PublishedCatalog,
  dataset: string,
): Promise<BeforeCohort[]> {
  const released = (await api.get<Summary[]>('/queries')).filter(
    (q) => q.state === 'released' && q.dataset === dataset,
  );
  const views = await Promise.all(
    released.map((q) => api.get<View>(`/queries/${q.id}`).then((v) => [q.id, v] as const)),
  );
  return views
    .filter(([, v]) => v.envelope.spec.combination?.analysis === 'cohort')
    .map(([id, { envelope }]) => ({
      id,
      year: String(envelope.spec.filters?.find((f) => f.field === catalog.combinationYear)?.value ?? ''),
      purpose: envelope.spec.purpose,
      arms: envelope.spec.arms?.label ?? '',
    }))
    .sort((a, b) => a.year.localeCompare(b.year));
}
