import {
  LinkedProtectionOptions,
  ProtectedTable,
  protectLinkedTable,
  ReleasedCell,
  wilsonInterval,
} from '@bfa/disclosure';
import { CombinationCell } from '../result';
import { cohortTable, releasedGroup } from './cohort-table';
import { COHORT_ARMS, CohortArmRisk, CohortEffect } from './cohort-effect-types';
import { CohortGroupName, differenceInDifferences, DID_METHOD } from './difference-in-differences';
import { preTrendOf } from './cohort-pre-trend';

type HiddenCells = NonNullable<LinkedProtectionOptions['alsoHide']>[number];

/** One released cohort: its query, its year and its protected arm × outcome cells. */
export interface ReleasedCohort {
  queryId: string;
  year: string | number;
  cells: readonly ReleasedCell[];
}

const RISK_METHOD =
  'Per arm, the share of the cohort’s children with any of the outcomes, with a 95% Wilson interval, from released counts only.';

function armRisks(cohort: ReleasedCohort, which: 'before' | 'after'): CohortArmRisk[] {
  return COHORT_ARMS.map((arm) => {
    const { children, withOutcome } = releasedGroup(cohort.cells, arm);
    const base = { cohort: which, year: cohort.year, arm, children, withOutcome };
    if (children === null || withOutcome === null || children === 0) return base;
    const [lower, upper] = wilsonInterval(withOutcome, children);
    return { ...base, risk: withOutcome / children, interval: { lower, upper } };
  });
}

const groupName = (risk: CohortArmRisk) => `${risk.arm} ${risk.cohort}` as CohortGroupName;
const describe = (risk: CohortArmRisk) => `${risk.arm}, ${risk.cohort} cohort (${risk.year})`;

/**
 * What the coordinator estimates from released cohort tables only: the after cohort's own, and the before cohort's when
 * named; `earlier`: the cohorts the before cohort names in turn (its own before, and so on), for the pre-trend check.
 */
export function cohortEffect(
  outcomes: string[],
  after: ReleasedCohort,
  before?: ReleasedCohort,
  earlier: readonly ReleasedCohort[] = [],
): CohortEffect {
  const groups = [...(before ? armRisks(before, 'before') : []), ...armRisks(after, 'after')];
  const cohorts = {
    ...(before ? { before: { queryId: before.queryId, year: before.year } } : {}),
    after: { queryId: after.queryId, year: after.year },
  };
  const hidden = groups.filter((g) => g.children === null || g.withOutcome === null).map(describe);
  if (!before)
    return {
      method: RISK_METHOD,
      outcomes,
      cohorts,
      groups,
      estimable: false,
      reason: 'no before cohort named (combination.before): no difference in differences',
      unusableCells: hidden,
    };
  const preTrend = preTrendOf([before, ...earlier]);
  const did = differenceInDifferences(
    Object.fromEntries(
      groups.map((g) => [groupName(g), { children: g.children, withOutcome: g.withOutcome }]),
    ) as never,
  );
  if (!did.estimable) {
    const unusable = groups.filter((g) => did.unusable.includes(groupName(g))).map(describe);
    return {
      method: DID_METHOD,
      outcomes,
      cohorts,
      groups,
      estimable: false,
      reason: did.reason,
      unusableCells: unusable,
      preTrend,
    };
  }
  return {
    method: DID_METHOD,
    outcomes,
    cohorts,
    groups,
    estimable: true,
    estimate: did.estimate,
    standardError: did.standardError,
    interval: did.interval,
    unusableCells: [],
    preTrend,
  };
}

/**
 * The frequency rule on every cell of the arm × outcome table (totals included, zeros too) and complementary
 * suppression so that no hidden count can be recomputed from the published totals to within k (or
 * intervalPercent of it). `alsoHide`: cells the release ledger hides (cohortTable's order). Nothing here returns an
 * unprotected count.
 */
export async function protectCohort(
  cells: readonly CombinationCell[],
  minCellSize: number,
  intervalPercent = 20,
  alsoHide: HiddenCells[] = [],
): Promise<ProtectedTable> {
  const level = { absolute: minCellSize, fraction: intervalPercent / 100 };
  return protectLinkedTable(cohortTable(cells), { minCellSize, protection: { upper: level, lower: level }, alsoHide });
}
