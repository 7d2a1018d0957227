import {
  canonicalHash,
  PaillierEncryptor,
  PaillierPublicKeyJson,
  unrandomisedCiphertext,
  verifySignature,
} from '@bfa/crypto';
import { combinationLayout } from './layout';
import { CombinationManifest } from './manifest';
import { keyBitsOf } from './party';
import {
  combinationHops,
  CombinationQuery,
  combinationQueryHash,
  slotCells,
  validateCombinationQuery,
  withheldSlotCells,
} from './query';
import { verifyReceiptChain } from './receipts';

export type AggregateCheck = { ok: true; aggregates: string[] } | { ok: false; reason: string };

export interface AggregateCheckOptions {
  /** The key holder's own minimum; the stricter of it and the query's applies. */
  minRecords?: number;
  /** The bench's own cluster only: aggregates encrypted without randomness are its plaintext floor, not refused. */
  benchPlaintext?: boolean;
}

function checkCells(query: CombinationQuery, manifest: CombinationManifest, minRecords: number): void {
  const { cellRecords, withheld } = manifest;
  if (cellRecords.length !== query.cells.length || cellRecords.some((n) => !Number.isInteger(n) || n < 0))
    throw new Error('per-cell record counts do not fit the grid');
  // The chain carries every child of the year; the cells count the population's children among them.
  if (cellRecords.reduce((sum, n) => sum + n, 0) > manifest.records)
    throw new Error('per-cell record counts add up to more than the records every hop handled');
  const small = cellRecords.flatMap((n, cell) => (n < minRecords ? [cell] : []));
  if (withheld.length !== small.length || small.some((cell, i) => withheld[i] !== cell))
    throw new Error(`every cell of fewer than ${minRecords} records must be withheld, and only those`);
}

/** Margins (index cells.length + j) are withheld by the same rule as cells: fewer than k children of the population in all their cells. */
function checkOffsets(query: CombinationQuery, manifest: CombinationManifest, minRecords: number): void {
  const offsets = manifest.revealOffsets;
  if (query.measure.kind !== 'atLeast') {
    if (offsets !== undefined) throw new Error('reveal offsets belong to atLeast queries only');
    return;
  }
  const withheld = new Set(withheldSlotCells(query, manifest.cellRecords, minRecords));
  const fine =
    Array.isArray(offsets) &&
    offsets.length === slotCells(query) &&
    offsets.every((o, cell) => (withheld.has(cell) ? o === '' : /^[0-9]+$/.test(o)));
  if (!fine) throw new Error('reveal offsets do not fit the released cells');
}

/**
 * A key holder's check before it partially decrypts a combination's aggregates. It verifies what can be
 * verified without seeing a record: the population holder signed this manifest for this very query; every
 * hop of the chain signed a receipt, over the same number of records, each working on what the previous
 * one sent; the per-cell counts of the population's children add up to at most that number; every cell of fewer than k records is withheld; the
 * aggregates are as many valid ciphertexts as the layout has blocks. It cannot verify that an aggregate
 * really is the product of the records of the cells claimed (see docs/combination-protocol.md).
 */
export function checkAggregateRequest(
  query: CombinationQuery,
  manifest: CombinationManifest,
  publicKey: PaillierPublicKeyJson,
  signingPublicKeys: Record<string, string>,
  options: AggregateCheckOptions = {},
): AggregateCheck {
  try {
    validateCombinationQuery(query);
    const { signature, ...body } = manifest;
    if (body.queryHash !== combinationQueryHash(query) || body.queryId !== query.queryId)
      throw new Error('the manifest is for another query');
    if (body.keyId !== query.keyId || publicKey.keyId !== query.keyId)
      throw new Error(`the query is under key ${query.keyId}`);
    if (body.populationHolder !== query.populationHolder)
      throw new Error('the manifest is not from the population holder');
    const key = signingPublicKeys[query.populationHolder];
    if (!key || !verifySignature(canonicalHash(body), signature, key))
      throw new Error(`${query.populationHolder}'s signature on the manifest does not verify`);
    if (body.receipts.length !== combinationHops(query).length)
      throw new Error('the chain of receipts is not complete');
    verifyReceiptChain(query, body.receipts, signingPublicKeys);
    if (body.records !== body.receipts[0].records)
      throw new Error('the manifest counts other records than the chain handled');
    const minRecords = Math.max(query.minRecords, options.minRecords ?? 0);
    checkCells(query, manifest, minRecords);
    checkOffsets(query, manifest, minRecords);
    const encryptor = new PaillierEncryptor(publicKey);
    if (body.aggregates.length !== combinationLayout(query, body.records, keyBitsOf(encryptor)).blocks)
      throw new Error('the number of aggregates does not fit the layout');
    encryptor.parseVector(body.aggregates);
    // The coordinator refuses these too; a key holder doesn't rely on it (a coordinator that let one through).
    const clear = options.benchPlaintext ? -1 : unrandomisedCiphertext(publicKey, body.aggregates);
    if (clear >= 0)
      throw new Error(
        `${query.populationHolder}'s aggregates: ciphertext ${clear} is 1 mod n, encrypted without randomness as BFA_BENCH_PLAINTEXT does (readable by anyone who holds it), refused outside the bench`,
      );
    return { ok: true, aggregates: body.aggregates };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
