import type { CohortEffect } from '../../../../libs/combination/src/cohort/cohort-effect-types';

/** GET /queries/:id/release (apps/coordinator/src/queries/released-table.ts ReleasedTable), as the console reads it. */

/** Which rule hid a cell, or changed the shown values (libs/disclosure/src/protected-table.ts SuppressionRule). */
export type ReleaseRule =
  'primary-frequency' | 'dominance' | 'p-percent' | 'differencing' | 'secondary' | 'noise' | 'rounding' | 'withheld';

export interface ReleasedCell {
  coordinates: Record<string, string | number>;
  value: number | null;
  suppressed: boolean;
  rule?: ReleaseRule;
}

export interface Release {
  queryId: string;
  queryHash: string;
  dataset: string;
  measure: { kind: 'count' | 'sum' | 'mean' | 'rate'; field?: string; per?: number; interval?: 'wilson' | 'exact' };
  groupBy: string[];
  filters: { field: string; op: string; value: unknown }[];
  /** Combination releases only: the factors counted children have, all or at least `atLeast` of them. */
  combination?: {
    factors: { dataset: string; label: string; filters?: { field: string; op: string; value: unknown }[] }[];
    atLeast?: number;
    analysis?: string;
    outcome?: { dataset: string; label: string };
  };
  dataHolders: string[];
  contributedBy: string[];
  keyId: string;
  decryptedBy: string[];
  minCellSize: number;
  cells: ReleasedCell[];
  /** A query grouped by year: one table per year (the cells of that year), and the totals across years at year Totaal. */
  series?: { dimension: string; years: string[]; acrossYears: boolean };
  protection: {
    rules: { rule: ReleaseRule; parameters: Record<string, number>; cells: number }[];
    suppressedCells: number;
    totalCells: number;
  };
  /** Mean and rate releases: per cell the estimate and its 95% interval where its parts were released, and the method. */
  estimates?: { method: string; cells: CellEstimate[] };
  /** Cocktail analyses: what the coordinator estimated from the released cells only (libs/combination/src/cocktail/cocktail-estimates.ts). */
  cocktail?: CocktailEstimates;
  /** Cohort follow-up: the risk per arm and cohort, the difference in differences and its pre-trend check. */
  effect?: CohortEffect;
  releasedAt: string;
}

export interface CellEstimate {
  coordinates: Record<string, string | number>;
  suppressed: boolean;
  /** The records the estimate is over (a mean's n; a rate's denominator), and a rate's numerator. */
  count?: number;
  numerator?: number;
  estimate?: number;
  standardDeviation?: number;
  interval?: [number, number];
}

export interface Interval {
  lower: number;
  upper: number;
}

export type RelativeRisk = { estimable: true; rr: number; interval: Interval } | { estimable: false; reason: string };

export interface CocktailEstimates {
  method: string;
  /** The risk factors in chain order: digit i of a pattern code is factor i. */
  factors: string[];
  outcome?: string;
  byCount?: { factors: number; children: number | null; withOutcome: number | null; relativeRisk?: RelativeRisk }[];
  regression?: {
    fit: {
      coefficients: {
        term: string;
        estimate: number;
        standardError: number;
        interval: Interval;
        oddsRatio: number;
        oddsRatioInterval: Interval;
      }[];
      iterations: number;
      deviance: number;
    } | null;
    notes: string[];
    unusedPatterns: { pattern: string; children: number | null }[];
    childrenInFit: number;
  };
}

/** The code of every total (apps/coordinator/src/federation/release-table.ts TOTAL): the region along wijk, all values along another dimension. */
export const TOTAL = 'Totaal';
