import type { Interval } from '../cocktail/normal';

/*
 * `release.effect` of a cohort follow-up. Only types and plain constants here, so the console (built by vite, without
 * Node) reads the coordinator's shape from the one place it is declared.
 */

export const COHORT_ARMS = ['intervention', 'comparison'] as const;
export type CohortArm = (typeof COHORT_ARMS)[number];

export interface CohortArmRisk {
  cohort: 'before' | 'after';
  year: string | number;
  arm: CohortArm;
  /** null where suppression hid it. */
  children: number | null;
  withOutcome: number | null;
  /** withOutcome / children with its 95% Wilson interval, where both are released. */
  risk?: number;
  interval?: Interval;
}

/** `release.effect.preTrend`: did the arms move alike over the cohorts before the intervention? */
export interface CohortPreTrend {
  method: string;
  /** The cohorts before the intervention it looked at (the before cohort and those it names in turn), earliest first. */
  cohorts: { queryId: string; year: string | number }[];
  checked: boolean;
  /** The years the trend is over (cohorts suppression left usable). */
  years?: number[];
  /** How much faster the intervention arm's risk rose than the comparison arm's, per year, before the intervention. */
  estimate?: number;
  standardError?: number;
  interval?: Interval;
  /** The interval contains 0: the cohorts show no difference in trends. */
  alike?: boolean;
  /** Why it could not be checked. */
  reason?: string;
  /** The cohort × arm groups suppression hid (or that are empty), left out of the check. */
  unusableCells: string[];
}

/** `release.effect` of a cohort: the risk per arm and cohort, and the difference in differences when a before cohort is named. */
export interface CohortEffect {
  method: string;
  /** The outcomes, any of which counts: their labels. */
  outcomes: string[];
  cohorts: { before?: { queryId: string; year: string | number }; after: { queryId: string; year: string | number } };
  groups: CohortArmRisk[];
  estimable: boolean;
  estimate?: number;
  standardError?: number;
  interval?: Interval;
  /** Why there is no estimate. */
  reason?: string;
  /** The cohort × arm groups whose counts suppression hid (or that are empty), so the estimate could not use them. */
  unusableCells: string[];
  /** With a before cohort: whether the arms moved alike before the intervention, over the before cohort and those it names in turn. */
  preTrend?: CohortPreTrend;
}
