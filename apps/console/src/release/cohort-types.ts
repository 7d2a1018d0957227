import { Interval } from './release-types';

/** release.effect of a cohort follow-up (libs/combination/src/cohort/cohort-effect.ts CohortEffect), as the console reads it. */

export type CohortArm = 'intervention' | 'comparison';

export interface CohortArmRisk {
  cohort: 'before' | 'after';
  year: string | number;
  arm: CohortArm;
  /** null where suppression hid it. */
  children: number | null;
  withOutcome: number | null;
  risk?: number;
  interval?: Interval;
}

export interface CohortPreTrend {
  method: string;
  cohorts: { queryId: string; year: string | number }[];
  checked: boolean;
  years?: number[];
  /** How much faster the intervention arm's risk rose than the comparison arm's, per year, before the intervention. */
  estimate?: number;
  standardError?: number;
  interval?: Interval;
  alike?: boolean;
  reason?: string;
  unusableCells: string[];
}

export interface CohortEffect {
  method: string;
  outcomes: string[];
  cohorts: { before?: { queryId: string; year: string | number }; after: { queryId: string; year: string | number } };
  groups: CohortArmRisk[];
  estimable: boolean;
  estimate?: number;
  standardError?: number;
  interval?: Interval;
  reason?: string;
  unusableCells: string[];
  preTrend?: CohortPreTrend;
}
