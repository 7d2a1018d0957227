/** A decrypted aggregate cell, before protection. Lives only in the coordinator's memory. */
export interface AggregateCell {
  coordinates: Record<string, string | number>;
  /** The measure: a count or a sum. */
  value: number;
  /** The number of records in the cell. Never released. */
  contributors: number;
}

/** Primary cells fail a sensitivity rule; secondary (complementary) cells are hidden so the primary ones cannot be recomputed from totals. */
/** `withheld`: a combination's cell of fewer than k children in the population, never aggregated nor decrypted at all. */
export type SuppressionRule =
  'primary-frequency' | 'dominance' | 'p-percent' | 'differencing' | 'secondary' | 'noise' | 'rounding' | 'withheld';

export interface ReleasedCell {
  coordinates: Record<string, string | number>;
  value: number | null;
  suppressed: boolean;
  rule?: SuppressionRule;
}

/** Which rule hid how many cells, with its parameters; never a value. */
export interface ProtectionSummary {
  rules: { rule: SuppressionRule; parameters: Record<string, number>; cells: number }[];
  suppressedCells: number;
  totalCells: number;
}

export interface ProtectedTable {
  cells: ReleasedCell[];
  protection: ProtectionSummary;
}
