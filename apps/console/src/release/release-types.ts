/** GET /queries/:id/release (apps/coordinator/src/queries/released-table.ts ReleasedTable), as the console reads it. */

/** Which rule hid a cell, or changed the shown values (libs/disclosure/src/protected-table.ts SuppressionRule). */
export type ReleaseRule = 'primary-frequency' | 'dominance' | 'p-percent' | 'differencing' | 'secondary' | 'noise' | 'rounding' | 'withheld';

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
  combination?: { factors: { dataset: string; label: string; filters?: { field: string; op: string; value: unknown }[] }[]; atLeast?: number };
  dataHolders: string[];
  contributedBy: string[];
  keyId: string;
  decryptedBy: string[];
  minCellSize: number;
  cells: ReleasedCell[];
  /** A query grouped by year: one table per year (the cells of that year), and the totals across years at year Totaal. */
  series?: { dimension: string; years: string[]; acrossYears: boolean };
  protection: { rules: { rule: ReleaseRule; parameters: Record<string, number>; cells: number }[]; suppressedCells: number; totalCells: number };
  /** Mean and rate releases: per cell the estimate and its 95% interval where its parts were released, and the method. */
  estimates?: { method: string; cells: CellEstimate[] };
  releasedAt: string;
}

export interface CellEstimate {
  coordinates: Record<string, string | number>;
  suppressed: boolean;
  estimate?: number;
  interval?: [number, number];
}

/** The code of every total (apps/coordinator/src/federation/release-table.ts TOTAL): the region along wijk, all values along another dimension. */
export const TOTAL = 'Totaal';
