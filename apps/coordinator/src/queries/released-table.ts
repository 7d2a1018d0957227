import { CocktailEstimates, CohortEffect } from '@bfa/combination';
import { ProtectionSummary, ReleasedCell, ReleasedEstimates } from '@bfa/disclosure';
import { Combination, ContributionEdition, QuerySpec } from '@bfa/protocol';
import type { ReleasedSeries } from '../federation/year-series';

/** What an analyst receives: the protected cells and how they were protected, never a node's share. */
export interface ReleasedTable {
  queryId: string;
  queryHash: string;
  dataset: string;
  measure: QuerySpec['measure'];
  groupBy: string[];
  filters: NonNullable<QuerySpec['filters']>;
  /** Combination queries: the factors (each at another partner) counted children must have, all or at least m of them. */
  combination?: Combination;
  dataHolders: string[];
  /** The data holders whose records are in the table: all of them, or a quorum when the dataset's policy lets an offline one be left out. */
  contributedBy: string[];
  /** Which data it came from: per contributing holder the edition(s) of the dataset its signed contribution names (absent for combination queries). */
  editions?: ContributionEdition[];
  /** The Paillier key the query was encrypted under (one key ceremony). */
  keyId: string;
  /** The key holders whose partial decryptions were combined (at least t of them). */
  decryptedBy: string[];
  minCellSize: number;
  cells: ReleasedCell[];
  /** A query grouped by year: one table per year and the totals across years, protected as one linked table. */
  series?: ReleasedSeries;
  protection: ProtectionSummary;
  /**
   * Mean queries: per cell (totals included) the mean, SD and 95% interval where its count and sum are released
   * (`cells` hold the sums); rate queries: the numerator, denominator, rate and interval where both counts are
   * released (`cells` hold the numerators). The method in one sentence.
   */
  estimates?: ReleasedEstimates;
  /** Cocktail analyses: what the coordinator estimated from the released cells only, with its method and what suppression left out. */
  cocktail?: CocktailEstimates;
  /** Cohort follow-up: the risk per arm and cohort and, with a before cohort, the difference in differences, from released counts only. */
  effect?: CohortEffect;
  releasedAt: string;
}
