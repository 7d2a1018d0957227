import { openSealed, seal, SealedBox } from '@bfa/crypto';
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

/** The plaintext of one sealed chunk. */
export interface RecordChunk {
  queryHash: string;
  step: number;
  chunk: number;
  chunks: number;
  records: CombinationRecord[];
}

function partition(records: readonly CombinationRecord[]): CombinationRecord[][] {
  const parts: CombinationRecord[][] = [[]];
  let bytes = 0;
  for (const record of records) {
    const size = record.pseudonym.length + record.ciphertext.length + 32;
    if (bytes + size > CHUNK_BYTES && parts[parts.length - 1].length > 0) {
      parts.push([]);
      bytes = 0;
    }
    parts[parts.length - 1].push(record);
    bytes += size;
  }
  return parts;
}

/** Seals `records` to the hop's recipient; `receipts` end with this hop's own. */
export function sealHop(query: CombinationQuery, hop: Hop, records: readonly CombinationRecord[], receipts: HopReceipt[], recipientBoxPublicKey: string): SealedHop {
  const queryHash = combinationQueryHash(query);
  const parts = partition(records);
  const chunks = parts.map((part, chunk) => seal(JSON.stringify({ queryHash, step: hop.step, chunk, chunks: parts.length, records: part } satisfies RecordChunk), recipientBoxPublicKey));
  return { queryId: query.queryId, step: hop.step, from: hop.from, to: hop.to, receipts, chunks };
}

function openChunks(sealedHop: SealedHop, queryHash: string, boxSecretKey: string): CombinationRecord[] {
  const parts: CombinationRecord[][] = [];
  for (const box of sealedHop.chunks) {
    const chunk = JSON.parse(openSealed(box, boxSecretKey)) as RecordChunk;
    if (chunk.queryHash !== queryHash || chunk.step !== sealedHop.step || chunk.chunks !== sealedHop.chunks.length) throw new Error('a sealed chunk belongs to another hop');
    if (!Number.isInteger(chunk.chunk) || parts[chunk.chunk] || !Array.isArray(chunk.records)) throw new Error(`sealed chunk ${chunk.chunk} is malformed or repeated`);
    parts[chunk.chunk] = chunk.records;
  }
  return parts.flat();
}

/**
 * Opens the hop addressed to `me` at `step`: checks every receipt so far, then that the opened records are
 * exactly what the sender's receipt signs. Throws on anything else.
 */
export function openHop(query: CombinationQuery, sealedHop: SealedHop, me: string, boxSecretKey: string, signingPublicKeys: Record<string, string>): { records: CombinationRecord[]; receipts: HopReceipt[] } {
  const hop = combinationHops(query).find((h) => h.to === me && h.step === sealedHop.step);
  if (!hop || sealedHop.queryId !== query.queryId || sealedHop.from !== hop.from || sealedHop.to !== me) throw new Error(`not a hop of query ${query.queryId} addressed to ${me}`);
  const receipts = sealedHop.receipts;
  if (receipts.length !== hop.step + 1) throw new Error(`expected ${hop.step + 1} receipts, got ${receipts.length}`);
  verifyReceiptChain(query, receipts, signingPublicKeys);
  const records = openChunks(sealedHop, combinationQueryHash(query), boxSecretKey);
  const sent = receipts[hop.step];
  if (records.length !== sent.records || recordsDigest(records) !== sent.outputDigest) throw new Error(`the records do not match ${hop.from}'s signed receipt`);
  return { records, receipts };
}

export const serialiseSealedHop = (hop: SealedHop): string => JSON.stringify(hop);

export function parseSealedHop(text: string): SealedHop {
  const hop = JSON.parse(text) as SealedHop;
  const fine =
    typeof hop?.queryId === 'string' && Number.isInteger(hop.step) && typeof hop.from === 'string' && typeof hop.to === 'string' && Array.isArray(hop.receipts) && Array.isArray(hop.chunks);
  if (!fine) throw new Error('not a sealed combination hop');
  return hop;
}

/** A sealed hop without its chunks, as relayed ahead of them: routing, receipts and how many chunks follow. */
export type SealedHopHeader = Omit<SealedHop, 'chunks'> & { chunks: number };

export const sealedHopHeader = ({ chunks, ...rest }: SealedHop): SealedHopHeader => ({ ...rest, chunks: chunks.length });
