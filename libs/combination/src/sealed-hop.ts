import { AEAD_SEALED_SCHEME, openSealed, openSealedBytes, SealedBox, sealBytes } from '@bfa/crypto';
import { decodeRecordChunk, encodeRecordChunk, hopChunkHeader, recordsPerChunk } from './hop-codec';
import { Hop, CombinationQuery, combinationQueryHash, combinationHops } from './query';
import { CombinationRecord, recordsDigest } from './records';
import { HopReceipt, verifyReceiptChain } from './receipts';

/** Plaintext bytes per sealed chunk: sealed (base64) a chunk is ≈ 5.6 MB, under NATS' 8 MB max_payload. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * What the coordinator relays from one hop to the next: routing, the receipts so far, and the records in
 * boxes only `to` can open. Neither NATS nor the coordinator sees a pseudonym or a ciphertext.
 */
export interface SealedHop {
  queryId: string;
  step: number;
  from: string;
  to: string;
  receipts: HopReceipt[];
  chunks: SealedBox[];
}

/** The plaintext of one chunk sealed under the old scheme (nacl box of JSON); read, no longer written. */
export interface RecordChunk {
  queryHash: string;
  step: number;
  chunk: number;
  chunks: number;
  records: CombinationRecord[];
}

function partition(records: readonly CombinationRecord[]): CombinationRecord[][] {
  const per = recordsPerChunk(CHUNK_BYTES, (records[0]?.ciphertext.length ?? 0) / 2);
  const parts: CombinationRecord[][] = [];
  for (let at = 0; at < records.length || parts.length === 0; at += per) parts.push(records.slice(at, at + per));
  return parts;
}

/** Seals `records` to the hop's recipient, in binary chunks each bound to its query, hop and position; `receipts` end with this hop's own. */
export function sealHop(
  query: CombinationQuery,
  hop: Hop,
  records: readonly CombinationRecord[],
  receipts: HopReceipt[],
  recipientBoxPublicKey: string,
): SealedHop {
  const queryHash = combinationQueryHash(query);
  const parts = partition(records);
  const chunks = parts.map((part, chunk) =>
    sealBytes(encodeRecordChunk(part), recipientBoxPublicKey, hopChunkHeader(queryHash, hop.step, chunk, parts.length)),
  );
  return { queryId: query.queryId, step: hop.step, from: hop.from, to: hop.to, receipts, chunks };
}

/** A chunk sealed before the binary chunks (nacl box of JSON), still read during the transition: its header is inside. */
export function openJsonChunk(
  box: SealedBox,
  sealedHop: SealedHop,
  queryHash: string,
  index: number,
  boxSecretKey: string,
): CombinationRecord[] {
  const chunk = JSON.parse(openSealed(box, boxSecretKey)) as RecordChunk;
  if (chunk.queryHash !== queryHash || chunk.step !== sealedHop.step || chunk.chunks !== sealedHop.chunks.length)
    throw new Error('a sealed chunk belongs to another hop');
  if (chunk.chunk !== index || !Array.isArray(chunk.records))
    throw new Error(`sealed chunk ${index} is malformed or out of place`);
  return chunk.records;
}

function openChunks(sealedHop: SealedHop, queryHash: string, boxSecretKey: string): CombinationRecord[] {
  const chunks = sealedHop.chunks.length;
  const parts = sealedHop.chunks.map((box, index) => {
    if (box?.scheme === AEAD_SEALED_SCHEME)
      return decodeRecordChunk(
        openSealedBytes(box, boxSecretKey, hopChunkHeader(queryHash, sealedHop.step, index, chunks)),
      );
    return openJsonChunk(box, sealedHop, queryHash, index, boxSecretKey);
  });
  return parts.flat();
}

/** The hop addressed to `me` at `step`, and every receipt so far, checked: before a single chunk is opened. */
export function checkHopReceipts(
  query: CombinationQuery,
  sealedHop: SealedHop,
  me: string,
  signingPublicKeys: Record<string, string>,
): { hop: Hop; receipts: HopReceipt[] } {
  const hop = combinationHops(query).find((h) => h.to === me && h.step === sealedHop.step);
  if (!hop || sealedHop.queryId !== query.queryId || sealedHop.from !== hop.from || sealedHop.to !== me)
    throw new Error(`not a hop of query ${query.queryId} addressed to ${me}`);
  const receipts = sealedHop.receipts;
  if (receipts.length !== hop.step + 1) throw new Error(`expected ${hop.step + 1} receipts, got ${receipts.length}`);
  verifyReceiptChain(query, receipts, signingPublicKeys);
  return { hop, receipts };
}

/**
 * Opens the hop addressed to `me` at `step`: checks every receipt so far, then that the opened records are
 * exactly what the sender's receipt signs. Throws on anything else.
 */
export function openHop(
  query: CombinationQuery,
  sealedHop: SealedHop,
  me: string,
  boxSecretKey: string,
  signingPublicKeys: Record<string, string>,
): { records: CombinationRecord[]; receipts: HopReceipt[] } {
  const { hop, receipts } = checkHopReceipts(query, sealedHop, me, signingPublicKeys);
  const records = openChunks(sealedHop, combinationQueryHash(query), boxSecretKey);
  const sent = receipts[hop.step];
  if (records.length !== sent.records || recordsDigest(records) !== sent.outputDigest)
    throw new Error(`the records do not match ${hop.from}'s signed receipt`);
  return { records, receipts };
}

export const serialiseSealedHop = (hop: SealedHop): string => JSON.stringify(hop);

export function parseSealedHop(text: string): SealedHop {
  const hop = JSON.parse(text) as SealedHop;
  const fine =
    typeof hop?.queryId === 'string' &&
    Number.isInteger(hop.step) &&
    typeof hop.from === 'string' &&
    typeof hop.to === 'string' &&
    Array.isArray(hop.receipts) &&
    Array.isArray(hop.chunks);
  if (!fine) throw new Error('not a sealed combination hop');
  return hop;
}

/** A sealed hop without its chunks, as relayed ahead of them: routing, receipts and how many chunks follow. */
export type SealedHopHeader = Omit<SealedHop, 'chunks'> & { chunks: number };

export const sealedHopHeader = ({ chunks, ...rest }: SealedHop): SealedHopHeader => ({
  ...rest,
  chunks: chunks.length,
});
