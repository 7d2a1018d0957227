import { releasedGroup } from './cohort-table';
import { COHORT_ARMS, CohortArm, CohortPreTrend } from './cohort-effect-types';
import { CohortGroup } from './difference-in-differences';
import type { ReleasedCohort } from './cohort-effect';
import { preTrend, PRE_TREND_METHOD, PreTrendCheck } from './pre-trend';

/** The pre-trend check on released cohort tables only, each a cohort before the intervention. */
export function preTrendOf(before: readonly ReleasedCohort[]): CohortPreTrend {
  const sorted = [...before].sort((a, b) => Number(a.year) - Number(b.year));
  const cohorts = sorted.map((c) => ({ queryId: c.queryId, year: c.year }));
  const groups = (c: ReleasedCohort) =>
    Object.fromEntries(COHORT_ARMS.map((arm) => [arm, releasedGroup(c.cells, arm)])) as Record<CohortArm, CohortGroup>;
  let check: PreTrendCheck;
  try {
    check = preTrend(sorted.map((c) => ({ year: Number(c.year), ...groups(c) })));
  } catch (error) {
    // Cohorts the submission checks let through are never of one year; should the catalog change, say so, don't fail the release.
    return { method: PRE_TREND_METHOD, cohorts, checked: false, reason: (error as Error).message, unusableCells: [] };
  }
  const unusableCells = check.unusable.map((u) => `${u.arm}, before cohort (${u.year})`);
  if (!check.checked) return { method: PRE_TREND_METHOD, cohorts, checked: false, reason: check.reason, unusableCells };
  const { years, estimate, standardError, interval, alike } = check;
  return {
    method: PRE_TREND_METHOD,
    cohorts,
    checked: true,
    years,
    estimate,
    standardError,
    interval,
    alike,
    unusableCells,
  };
}
