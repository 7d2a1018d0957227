import { HopReceipt } from './receipts';

/**
 * The population holder's signed request to decrypt: `records` is every child of the year the chain carried,
 * `cellRecords` per cell the children of the query's population among them (its own plaintext count), which
 * cells are withheld (fewer than minRecords: in no aggregate), the packed aggregates, and every hop's
 * receipt. Counts and ciphertexts only: the coordinator relays it to the key holders.
 */
export interface CombinationManifest {
  queryHash: string;
  queryId: string;
  keyId: string;
  populationHolder: string;
  records: number;
  cellRecords: number[];
  withheld: number[];
  /** One per plaintext block (hex). */
  aggregates: string[];
  /** atLeast only: per cell, the sum of the masks over the revealed slots (decimal); '' when withheld. */
  revealOffsets?: string[];
  receipts: HopReceipt[];
  /** Ed25519 of the population holder's node key over the canonical hash of the other fields. */
  signature: string;
}

export const serialiseManifest = (manifest: CombinationManifest): string => JSON.stringify(manifest);

export function parseManifest(text: string): CombinationManifest {
  const m = JSON.parse(text) as CombinationManifest;
  const fine =
    typeof m?.queryHash === 'string' &&
    Number.isInteger(m.records) &&
    Array.isArray(m.cellRecords) &&
    Array.isArray(m.withheld) &&
    Array.isArray(m.aggregates) &&
    Array.isArray(m.receipts) &&
    typeof m.signature === 'string';
  if (!fine) throw new Error('not a combination manifest');
  return m;
}
