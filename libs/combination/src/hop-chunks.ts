import { PSEUDONYM_BYTES, RECORD_CHUNK_PREFIX_BYTES } from './hop-codec';

/**
 * The main thread's share of a hop on the threads, kept lean: it is what the threads wait on (issue 16). Nothing here
 * changes a byte that is sent or signed; hop-chunks.spec.ts holds each function to the code it replaced.
 */

/**
 * Whether a job can move `bytes` to its thread by moving their buffer: they fill it, but for at most a chunk's prefix
 * (the records of a chunk opened into a buffer of its own). Anything else is copied first (or cloned with all of its
 * buffer, which may be Node's shared pool).
 */
export const movable = (bytes: Uint8Array | Int32Array): boolean =>
  bytes.byteOffset <= RECORD_CHUNK_PREFIX_BYTES && bytes.byteOffset + bytes.byteLength === bytes.buffer.byteLength;

/** Record `i` of `records`' pseudonym as a set key: its 16 bytes as latin1, one character each, cheaper than hex. */
export const pseudonymKeyAt = (records: Uint8Array, width: number, i: number): string => {
  const at = records.byteOffset + i * (PSEUDONYM_BYTES + width);
  return Buffer.from(records.buffer, at, PSEUDONYM_BYTES).toString('latin1');
};

/** The keys of hexadecimal pseudonyms; one that isn't 32 lowercase hex digits can match no record's bytes, so it has none. */
export function pseudonymKeys(pseudonyms: Iterable<string>): Set<string> {
  const keys = new Set<string>();
  for (const hex of pseudonyms) {
    const bytes = Buffer.from(hex, 'hex');
    if (bytes.length === PSEUDONYM_BYTES && bytes.toString('hex') === hex) keys.add(bytes.toString('latin1'));
  }
  return keys;
}

/** The records of a step's slices in a new order, cut into chunks: each chunk is copied once, from where it lies. */
export interface ShuffledChunks {
  records: number;
  count: number;
  /** Chunk `c`: its prefix (count, width) and its records, in `order`. */
  chunk(c: number): Buffer;
}

/**
 * What concatenating the slices and copying each record of `order` from there gave, without the concatenation:
 * `order` indexes the records of all slices in turn, and chunk c holds order[c·per, (c+1)·per).
 */
export function shuffledChunks(
  slices: readonly Uint8Array[],
  order: readonly number[],
  width: number,
  per: number,
): ShuffledChunks {
  const size = PSEUDONYM_BYTES + width;
  const buffers = slices.map((s) => Buffer.from(s.buffer, s.byteOffset, s.byteLength));
  const records = buffers.reduce((sum, b) => sum + b.length, 0) / size;
  const sliceOf = new Uint32Array(records);
  const offsetOf = new Float64Array(records);
  for (let k = 0, r = 0; k < buffers.length; k++)
    for (let at = 0; at < buffers[k].length; at += size, r++) {
      sliceOf[r] = k;
      offsetOf[r] = at;
    }
  const chunk = (c: number): Buffer => {
    const mine = order.slice(c * per, (c + 1) * per);
    const out = Buffer.alloc(RECORD_CHUNK_PREFIX_BYTES + mine.length * size);
    out.writeUInt32BE(mine.length, 0);
    out.writeUInt16BE(mine.length > 0 ? width : 0, 4);
    mine.forEach((record, i) => {
      const at = offsetOf[record];
      buffers[sliceOf[record]].copy(out, RECORD_CHUNK_PREFIX_BYTES + i * size, at, at + size);
    });
    return out;
  };
  return { records, count: Math.max(1, Math.ceil(records / per)), chunk };
}
