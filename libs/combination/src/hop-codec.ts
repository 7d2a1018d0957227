import { CombinationRecord } from './records';

/** A pseudonym is 32 hex digits (PSEUDONYM_PATTERN): 16 bytes. */
export const PSEUDONYM_BYTES = 16;
/** Record count (u32) and ciphertext width in bytes (u16), big-endian, ahead of the records. */
const PREFIX_BYTES = 6;
export const RECORD_CHUNK_PREFIX_BYTES = PREFIX_BYTES;

/**
 * A chunk of records in binary: each pseudonym's 16 bytes then its ciphertext's fixed-width big-endian bytes,
 * concatenated. Half the size of the hex-in-JSON chunks it replaces, and no JSON: hex ↔ bytes is native.
 */
export function encodeRecordChunk(records: readonly CombinationRecord[]): Buffer {
  const width = (records[0]?.ciphertext.length ?? 0) / 2;
  if (!Number.isInteger(width) || width > 0xffff) throw new Error('ciphertexts must be an even number of hex digits');
  const size = PSEUDONYM_BYTES + width;
  const bytes = Buffer.alloc(PREFIX_BYTES + records.length * size);
  bytes.writeUInt32BE(records.length, 0);
  bytes.writeUInt16BE(width, 4);
  records.forEach((r, i) => {
    const at = PREFIX_BYTES + i * size;
    // Buffer#write stops silently at the first character that isn't hex: a short count is the check.
    const fine =
      r.pseudonym.length === 2 * PSEUDONYM_BYTES &&
      r.ciphertext.length === 2 * width &&
      bytes.write(r.pseudonym, at, 'hex') === PSEUDONYM_BYTES &&
      bytes.write(r.ciphertext, at + PSEUDONYM_BYTES, 'hex') === width;
    if (!fine) throw new Error(`record ${i}: not a pseudonym and a ciphertext of ${width} bytes`);
  });
  return bytes;
}

export function decodeRecordChunk(bytes: Buffer): CombinationRecord[] {
  if (bytes.length < PREFIX_BYTES) throw new Error('a record chunk is too short');
  const count = bytes.readUInt32BE(0);
  const width = bytes.readUInt16BE(4);
  const size = PSEUDONYM_BYTES + width;
  if (bytes.length !== PREFIX_BYTES + count * size)
    throw new Error(`a record chunk of ${bytes.length} bytes does not hold ${count} records of ${size} bytes`);
  const records: CombinationRecord[] = new Array(count);
  for (let i = 0, at = PREFIX_BYTES; i < count; i++, at += size) {
    records[i] = {
      pseudonym: bytes.toString('hex', at, at + PSEUDONYM_BYTES),
      ciphertext: bytes.toString('hex', at + PSEUDONYM_BYTES, at + size),
    };
  }
  return records;
}

/** Records per chunk of at most `chunkBytes`: a function of the key's width only, never of the values. */
export const recordsPerChunk = (chunkBytes: number, ciphertextBytes: number): number =>
  Math.max(1, Math.floor((chunkBytes - PREFIX_BYTES) / (PSEUDONYM_BYTES + ciphertextBytes)));

/** What a hop chunk's seal authenticates besides its bytes: which query, hop and position it belongs to. */
export const hopChunkHeader = (queryHash: string, step: number, chunk: number, chunks: number): Buffer =>
  Buffer.from(`bfa/combination/hop-chunk/v2\n${queryHash}\n${step}\n${chunk}\n${chunks}`);
