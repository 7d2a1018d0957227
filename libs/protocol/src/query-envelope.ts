import { canonicalHash } from '@bfa/crypto';
import { QuerySpec } from './query-spec.dto';

/**
 * What the coordinator proposes and every steward signs: the analyst's query plus everything that
 * decides what happens with it (who computes, which key, which cell size). Changing any of it
 * changes the query hash, so an approval covers exactly this.
 */
export interface QueryEnvelope {
  id: string;
  spec: QuerySpec;
  requester: string;
  submittedAt: string;
  dataHolders: string[];
  keyHolders: string[];
  keyId: string;
  minCellSize: number;
  /** Combination queries: the pseudonym secret (ceremony) the partners derive this query's pseudonyms from. */
  pseudonymSecretId?: string;
}

export function queryHash(envelope: QueryEnvelope): string {
  return canonicalHash(envelope);
}

/** Every organisation that must approve: data holders run the query, key holders decrypt its aggregate. */
export function requiredApprovers(envelope: QueryEnvelope): string[] {
  return [...new Set([...envelope.dataHolders, ...envelope.keyHolders])].sort();
}
