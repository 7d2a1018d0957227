import fc from 'fast-check';
import { generateThresholdKey, PaillierEncryptor } from '@bfa/crypto';
import { PSEUDONYM_BYTES, RECORD_CHUNK_PREFIX_BYTES } from './hop-codec';
import { movable, pseudonymKeyAt, pseudonymKeys, shuffledChunks } from './hop-chunks';
import { FactorJob, runHopJob } from './hop-work';
import { HopWorkers } from './hop-workers';
import { ciphertextBytes } from './records';

/** shuffleAndSeal's chunks as they were cut before hop-chunks.ts: all slices concatenated, then copied in order. */
function concatenatedChunks(computed: Uint8Array[], order: number[], width: number, per: number): Buffer[] {
  const size = PSEUDONYM_BYTES + width;
  const all = Buffer.concat(computed);
  const records = all.length / size;
  const count = Math.max(1, Math.ceil(records / per));
  const chunks: Buffer[] = [];
  for (let c = 0; c < count; c++) {
    const mine = order.slice(c * per, (c + 1) * per);
    const chunk = Buffer.alloc(RECORD_CHUNK_PREFIX_BYTES + mine.length * size);
    chunk.writeUInt32BE(mine.length, 0);
    chunk.writeUInt16BE(mine.length > 0 ? width : 0, 4);
    mine.forEach((record, i) =>
      all.copy(chunk, RECORD_CHUNK_PREFIX_BYTES + i * size, record * size, (record + 1) * size),
    );
    chunks.push(chunk);
  }
  return chunks;
}

/** Slices of records as the threads give them back, some as views into a larger buffer. */
const slicesOf = (width: number) =>
  fc.array(
    fc.tuple(fc.uint8Array({ minLength: 0, maxLength: 6 * (PSEUDONYM_BYTES + width) }), fc.nat(9)).map(([b, pad]) => {
      const whole = b.subarray(0, b.length - (b.length % (PSEUDONYM_BYTES + width)));
      const host = new Uint8Array(pad + whole.length + pad);
      host.set(whole, pad);
      return host.subarray(pad, pad + whole.length);
    }),
    { maxLength: 5 },
  );

describe("a hop's main-thread work without copies (issue 16): the same chunks, the same lookups", () => {
  it('shuffledChunks cuts byte for byte the chunks of the concatenated slices (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 9 })
          .chain((width) =>
            fc.tuple(fc.constant(width), slicesOf(width), fc.integer({ min: 1, max: 7 }), fc.array(fc.double())),
          ),
        ([width, slices, per, keys]) => {
          const records = slices.reduce((sum, s) => sum + s.length, 0) / (PSEUDONYM_BYTES + width);
          // Any order of the records: ranked by random keys.
          const order = Array.from({ length: records }, (_, i) => i).sort(
            (a, b) => (keys[a % (keys.length || 1)] ?? 0) - (keys[b % (keys.length || 1)] ?? 0) || b - a,
          );
          const shuffled = shuffledChunks(slices, order, width, per);
          const expected = concatenatedChunks(slices, order, width, per);
          expect(shuffled.records).toBe(records);
          expect(shuffled.count).toBe(expected.length);
          expected.forEach((chunk, c) => expect(shuffled.chunk(c).toString('hex')).toBe(chunk.toString('hex')));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('latin1 keys find a record in a set of hex pseudonyms exactly when its hex does, and tell records apart (property)', () => {
    const width = 3;
    const size = PSEUDONYM_BYTES + width;
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: size, maxLength: size }), { maxLength: 8 }),
        fc.array(fc.oneof(fc.nat(7), fc.string({ unit: fc.constantFrom(...'0123456789abcdefAF'), maxLength: 34 })), {
          maxLength: 8,
        }),
        fc.boolean(),
        (rows, picks, upper) => {
          const records = Buffer.concat(rows);
          const hexAt = (i: number) => records.toString('hex', i * size, i * size + PSEUDONYM_BYTES);
          // The set holds some records' pseudonyms (some upper case, which never matched) and other texts.
          const set = new Set(
            picks.map((p) =>
              typeof p === 'number'
                ? rows.length
                  ? upper
                    ? hexAt(p % rows.length).toUpperCase()
                    : hexAt(p % rows.length)
                  : ''
                : p,
            ),
          );
          const keys = pseudonymKeys(set);
          for (let i = 0; i < rows.length; i++) {
            expect(keys.has(pseudonymKeyAt(records, width, i))).toBe(set.has(hexAt(i)));
            for (let j = 0; j < rows.length; j++)
              expect(pseudonymKeyAt(records, width, i) === pseudonymKeyAt(records, width, j)).toBe(
                hexAt(i) === hexAt(j),
              );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the pseudonym of a view into a larger buffer at the view, not at the buffer', () => {
    const host = Buffer.alloc(3 + 2 * (PSEUDONYM_BYTES + 2));
    host.fill(0x41, 3 + PSEUDONYM_BYTES + 2, 3 + 2 * PSEUDONYM_BYTES + 2);
    const view = host.subarray(3);
    expect(pseudonymKeyAt(view, 2, 1)).toBe('A'.repeat(PSEUDONYM_BYTES));
    expect(pseudonymKeyAt(view, 2, 0)).toBe('\0'.repeat(PSEUDONYM_BYTES));
  });

  it("moves only a buffer a job's bytes fill, but for a chunk's prefix; never Node's shared pool", () => {
    const opened = Buffer.alloc(RECORD_CHUNK_PREFIX_BYTES + 64);
    expect(movable(opened)).toBe(true);
    expect(movable(opened.subarray(RECORD_CHUNK_PREFIX_BYTES))).toBe(true);
    expect(movable(opened.subarray(RECORD_CHUNK_PREFIX_BYTES + 1))).toBe(false);
    expect(movable(opened.subarray(RECORD_CHUNK_PREFIX_BYTES, opened.length - 1))).toBe(false);
    const pooled = Buffer.from('a small chunk, from the pool');
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length);
    expect(movable(pooled)).toBe(false);
    expect(movable(pooled.subarray(RECORD_CHUNK_PREFIX_BYTES))).toBe(false);
  });

  it("moves a chunk's records, opened into a buffer of their own, to a thread past the prefix; the same result", async () => {
    const key = await generateThresholdKey(512, ['a', 'b', 'c'], 2);
    const encryptor = new PaillierEncryptor(key.publicKey);
    const width = ciphertextBytes(encryptor);
    const count = 5;
    const chunk = Buffer.alloc(RECORD_CHUNK_PREFIX_BYTES + count * (PSEUDONYM_BYTES + width));
    for (let i = 0; i < count; i++) {
      const at = RECORD_CHUNK_PREFIX_BYTES + i * (PSEUDONYM_BYTES + width);
      chunk.writeUInt32BE(i + 1, at);
      chunk.write(
        encryptor
          .randomizer()
          .toString(16)
          .padStart(2 * width, '0'),
        at + PSEUDONYM_BYTES,
        'hex',
      );
    }
    const job = (records: Uint8Array): FactorJob => ({
      kind: 'factor',
      n: encryptor.n.toString(16),
      width,
      outWidth: width,
      first: 0,
      records,
      has: Uint8Array.from([1, 0, 1, 1, 0]),
      randomizers: Array.from({ length: count }, () => encryptor.randomizer()),
      shift: null,
    });
    const moved = job(chunk.subarray(RECORD_CHUNK_PREFIX_BYTES));
    const expected = runHopJob({ ...moved, records: new Uint8Array(moved.records), has: new Uint8Array(moved.has) });
    const workers = new HopWorkers(1);
    try {
      const result = await workers.run(moved);
      expect(chunk.buffer.byteLength).toBe(0); // moved, not copied
      expect(Buffer.from(result.records!).equals(Buffer.from(expected.records!))).toBe(true);
      expect(Buffer.from(result.digest!).equals(Buffer.from(expected.digest!))).toBe(true);
      // A view further into its buffer than a chunk's prefix is copied: the buffer stays usable here.
      const host = Buffer.alloc(8 + count * (PSEUDONYM_BYTES + width));
      Buffer.from(expected.records!).copy(host, 8);
      await workers.run({ ...moved, records: host.subarray(8), has: new Uint8Array(count) });
      expect(host.buffer.byteLength).toBe(host.length);
    } finally {
      await workers.close();
    }
  }, 60_000);
});
