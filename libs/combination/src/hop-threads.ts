import { createHash } from 'node:crypto';
import { AEAD_SEALED_SCHEME, openSealedBytes, SealedBox } from '@bfa/crypto';
import {
  encodeRecordChunk,
  hopChunkHeader,
  PSEUDONYM_BYTES,
  RECORD_CHUNK_PREFIX_BYTES,
  recordsPerChunk,
} from './hop-codec';
import { movable, shuffledChunks } from './hop-chunks';
import { HopJob, HopJobResult } from './hop-work';
import { HopWorkers } from './hop-workers';
import { CombinationQuery, combinationQueryHash, Hop } from './query';
import { shuffle } from './records';
import { HopReceipt } from './receipts';
import { CHUNK_BYTES, checkHopReceipts, openJsonChunk, SealedHop } from './sealed-hop';

/** Records of one opened chunk, or a slice of one: binary, each a pseudonym's 16 bytes and its ciphertext's. */
export interface RecordSlice {
  records: Uint8Array;
  count: number;
  width: number;
}

/** The hash recordsDigest computes, fed with the text the jobs build: the same digest, the same receipts. */
const recordsHash = () => createHash('sha256').update('bfa/combination/records/v1\n');

/** The pseudonym of record `i` of a slice, in hexadecimal as everywhere else. */
export const pseudonymAt = (slice: RecordSlice, i: number): string => {
  const at = slice.records.byteOffset + i * (PSEUDONYM_BYTES + slice.width);
  return Buffer.from(slice.records.buffer, at, PSEUDONYM_BYTES).toString('hex');
};

/** A chunk's prefix checked against its length, as decodeRecordChunk does; the records copied into a buffer of their own. */
function recordsOfChunk(bytes: Buffer): RecordSlice {
  if (bytes.length < RECORD_CHUNK_PREFIX_BYTES) throw new Error('a record chunk is too short');
  const count = bytes.readUInt32BE(0);
  const width = bytes.readUInt16BE(4);
  if (bytes.length !== RECORD_CHUNK_PREFIX_BYTES + count * (PSEUDONYM_BYTES + width))
    throw new Error(
      `a record chunk of ${bytes.length} bytes does not hold ${count} records of ${PSEUDONYM_BYTES + width} bytes`,
    );
  return { records: bytes.subarray(RECORD_CHUNK_PREFIX_BYTES), count, width };
}

function openChunk(sealedHop: SealedHop, queryHash: string, index: number, boxSecretKey: string): RecordSlice {
  const box = sealedHop.chunks[index];
  const chunks = sealedHop.chunks.length;
  if (box?.scheme === AEAD_SEALED_SCHEME)
    return recordsOfChunk(openSealedBytes(box, boxSecretKey, hopChunkHeader(queryHash, sealedHop.step, index, chunks)));
  return recordsOfChunk(encodeRecordChunk(openJsonChunk(box, sealedHop, queryHash, index, boxSecretKey)));
}

/**
 * A chunk cut into `pieces` slices, each with a buffer of its own that can move to a thread; a chunk that goes whole
 * to one job is not copied when it can move in the buffer it was opened into.
 */
function cut(chunk: RecordSlice, pieces: number): RecordSlice[] {
  if (pieces <= 1 && movable(chunk.records)) return chunk.count > 0 ? [chunk] : [];
  const size = PSEUDONYM_BYTES + chunk.width;
  const per = Math.max(1, Math.ceil(chunk.count / pieces));
  const slices: RecordSlice[] = [];
  for (let at = 0; at < chunk.count; at += per) {
    const count = Math.min(per, chunk.count - at);
    const records = new Uint8Array(chunk.records.subarray(at * size, (at + count) * size)); // a copy: it moves
    slices.push({ records, count, width: chunk.width });
  }
  return slices;
}

/**
 * Every job's result in order, or the first failure once none is still running: a failed step leaves nothing
 * behind on a thread and no rejection unheard.
 */
async function inOrder<T>(jobs: Promise<T>[], each: (result: T) => void): Promise<void> {
  for (const job of jobs) job.catch(() => undefined);
  try {
    for (const job of jobs) each(await job);
  } catch (error) {
    await Promise.allSettled(jobs);
    throw error;
  }
}

/** What a step does with each slice it opens: checks on the event loop (pseudonyms), and the job for a thread. */
export type SliceJob = (slice: RecordSlice, first: number) => HopJob;

/** Called once the receipts are checked, before any chunk is opened: the step's own checks, and its SliceJob. */
export type PrepareSlices = (receipts: HopReceipt[], hop: Hop) => SliceJob;

/**
 * Opens the hop addressed to `me` chunk by chunk and hands each slice to the threads as soon as it is opened,
 * while the next chunk is opened. The receipts are checked before any chunk is opened, and the records against
 * the sender's receipt (count and digest) once all are back; anything wrong throws, and nothing is sealed.
 */
export async function workOnHop(
  query: CombinationQuery,
  sealedHop: SealedHop,
  me: string,
  keys: { boxSecretKey: string; signingPublicKeys: Record<string, string> },
  workers: HopWorkers,
  prepare: PrepareSlices,
): Promise<{ hop: Hop; receipts: HopReceipt[]; results: HopJobResult[] }> {
  const { hop, receipts } = checkHopReceipts(query, sealedHop, me, keys.signingPublicKeys);
  const jobFor = prepare(receipts, hop);
  const queryHash = combinationQueryHash(query);
  const pieces = Math.ceil(workers.slices / Math.max(1, sealedHop.chunks.length));
  const jobs: Promise<HopJobResult>[] = [];
  let first = 0;
  try {
    for (let index = 0; index < sealedHop.chunks.length; index++) {
      for (const slice of cut(openChunk(sealedHop, queryHash, index, keys.boxSecretKey), pieces)) {
        jobs.push(workers.run(jobFor(slice, first)));
        first += slice.count;
      }
    }
  } catch (error) {
    await Promise.allSettled(jobs);
    throw error;
  }
  const hash = recordsHash();
  const results: HopJobResult[] = [];
  await inOrder(jobs, (result) => (hash.update(result.digest!), results.push({ ...result, digest: undefined })));
  const sent = receipts[hop.step];
  if (first !== sent.records || hash.digest('hex') !== sent.outputDigest)
    throw new Error(`the records do not match ${hop.from}'s signed receipt`);
  return { hop, receipts, results };
}

/** Records in slices of about equal size for the threads: `count` records as `slices` ranges [from, to). */
export function ranges(count: number, slices: number): [number, number][] {
  const per = Math.max(1, Math.ceil(count / slices));
  const out: [number, number][] = [];
  for (let from = 0; from < count; from += per) out.push([from, Math.min(count, from + per)]);
  return out;
}

/**
 * Shuffles the records the threads computed (a fresh order over all of them, before any is sealed), cuts them
 * into the chunks sealHop would (a function of the count and key width only) and seals those on the threads,
 * each bound to its query, hop and position. Answers the chunks and the digest of the records in their new order.
 */
export async function shuffleAndSeal(
  query: CombinationQuery,
  hop: Hop,
  computed: Uint8Array[],
  width: number,
  recipient: string,
  workers: HopWorkers,
): Promise<{ chunks: SealedBox[]; records: number; outputDigest: string }> {
  const records = computed.reduce((sum, slice) => sum + slice.length, 0) / (PSEUDONYM_BYTES + width);
  const order = shuffle(Array.from({ length: records }, (_, i) => i));
  const shuffled = shuffledChunks(computed, order, width, recordsPerChunk(CHUNK_BYTES, width));
  const { count } = shuffled;
  const queryHash = combinationQueryHash(query);
  const jobs: Promise<HopJobResult>[] = [];
  for (let c = 0; c < count; c++) {
    const header = hopChunkHeader(queryHash, hop.step, c, count);
    jobs.push(workers.run({ kind: 'seal', width, chunk: shuffled.chunk(c), recipient, header }));
  }
  const hash = recordsHash();
  const chunks: SealedBox[] = [];
  await inOrder(jobs, (result) => (hash.update(result.digest!), chunks.push(result.box!)));
  return { chunks, records, outputDigest: hash.digest('hex') };
}
