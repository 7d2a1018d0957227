import { Interval, Z95 } from '../cocktail/normal';
import { CohortGroup } from './difference-in-differences';

/** One cohort of a year before the intervention: both arms as released (null where suppression hid a count). */
export interface PreInterventionCohort {
  year: number;
  intervention: CohortGroup;
  comparison: CohortGroup;
}

type Arm = 'intervention' | 'comparison';

export type PreTrendCheck =
  | {
      checked: true;
      /** The years the trend is over, earliest first. */
      years: number[];
      /** How much faster the intervention arm's risk rose than the comparison arm's, per year, before the intervention. */
      estimate: number;
      standardError: number;
      interval: Interval;
      /** The interval contains 0: no difference in trends the cohorts can show. */
      alike: boolean;
      /** Arms of cohorts suppression hid (or that are empty): their cohort is left out. */
      unusable: { year: number; arm: Arm }[];
    }
  | { checked: false; reason: string; unusable: { year: number; arm: Arm }[] };

export const PRE_TREND_METHOD =
  'Difference in trends before the intervention: the slope per year of the gap in risk (intervention − comparison) over the cohorts ' +
  'before the intervention, weighted least squares with weights 1 / (p(1 − p)/n of both arms), with a 95% Wald interval; ' +
  'with two cohorts a year apart it is their difference in differences. From released counts only.';

const ARMS: Arm[] = ['intervention', 'comparison'];

const usable = (g: CohortGroup) => g.children !== null && g.withOutcome !== null && g.children > 0;
const risk = (g: CohortGroup) => g.withOutcome! / g.children!;
const variance = (g: CohortGroup) => (risk(g) * (1 - risk(g))) / g.children!;

function checkCohort({ year, intervention, comparison }: PreInterventionCohort): void {
  if (!Number.isInteger(year)) throw new RangeError(`cohort year ${year} is not a year`);
  for (const [arm, g] of [
    ['intervention', intervention],
    ['comparison', comparison],
  ] as const) {
    for (const count of [g.children, g.withOutcome])
      if (count !== null && (!Number.isInteger(count) || count < 0))
        throw new RangeError(`${arm} ${year}: counts of children must be whole numbers of at least 0`);
    if (g.children !== null && g.withOutcome !== null && g.withOutcome > g.children)
      throw new RangeError(`${arm} ${year}: more children with the outcome than children`);
  }
}

/**
 * Did the arms move alike before the intervention? The gap in risk between the arms per cohort year, and its slope
 * over the years by weighted least squares (weights the inverse of the gap's binomial variance), with a 95% interval.
 * A cohort whose arm suppression hid (or is empty) is left out and named; fewer than two usable years: not checked.
 * The arms taken as independent binomials, as in differenceInDifferences.
 */
export function preTrend(cohorts: readonly PreInterventionCohort[], z = Z95): PreTrendCheck {
  cohorts.forEach(checkCohort);
  const years = cohorts.map((c) => c.year);
  if (new Set(years).size !== years.length) throw new RangeError('two cohorts of the same year');
  const unusable = cohorts.flatMap((c) => ARMS.filter((arm) => !usable(c[arm])).map((arm) => ({ year: c.year, arm })));
  const kept = cohorts.filter((c) => usable(c.intervention) && usable(c.comparison)).sort((a, b) => a.year - b.year);
  if (kept.length < 2)
    return {
      checked: false,
      reason:
        cohorts.length < 2
          ? `only ${cohorts.length} cohort before the intervention: a trend needs two years`
          : `suppression leaves ${kept.length} usable cohort before the intervention: a trend needs two years`,
      unusable,
    };
  const points = kept.map((c) => ({
    year: c.year,
    // Years counted from the first: the sums below stay small, and exact to the last digits.
    t: c.year - kept[0].year,
    gap: risk(c.intervention) - risk(c.comparison),
    variance: variance(c.intervention) + variance(c.comparison),
  }));
  if (points.some((p) => !(p.variance > 0)))
    return {
      checked: false,
      reason: 'a cohort has a risk of 0 or 1 in both arms: no variance to weigh it by',
      unusable,
    };
  const weights = points.map((p) => 1 / p.variance);
  const total = weights.reduce((s, w) => s + w, 0);
  const meanYear = points.reduce((s, p, i) => s + weights[i] * p.t, 0) / total;
  const spread = points.reduce((s, p, i) => s + weights[i] * (p.t - meanYear) ** 2, 0);
  const estimate = points.reduce((s, p, i) => s + weights[i] * (p.t - meanYear) * p.gap, 0) / spread;
  const standardError = Math.sqrt(1 / spread);
  const interval = { lower: estimate - z * standardError, upper: estimate + z * standardError };
  return {
    checked: true,
    years: points.map((p) => p.year),
    estimate,
    standardError,
    interval,
    alike: interval.lower <= 0 && 0 <= interval.upper,
    unusable,
  };
}
