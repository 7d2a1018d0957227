import { ProtectionSummary, ReleasedCell } from '@bfa/disclosure';
import { QuerySpec } from '@bfa/protocol';

/** What an analyst receives: the protected cells and how they were protected, never a node's share. */
export interface ReleasedTable {
  queryId: string;
  queryHash: string;
  dataset: string;
  measure: QuerySpec['measure'];
  groupBy: string[];
  filters: NonNullable<QuerySpec['filters']>;
  dataHolders: string[];
  /** The key holders whose partial decryptions were combined (at least t of them). */
  decryptedBy: string[];
  minCellSize: number;
  cells: ReleasedCell[];
  protection: ProtectionSummary;
  releasedAt: string;
}
