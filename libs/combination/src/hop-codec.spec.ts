import fc from 'fast-check';
import { decodeRecordChunk, encodeRecordChunk, hopChunkHeader, recordsPerChunk } from './hop-codec';
import { CombinationRecord } from './records';

const hex = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'));
const records = (width: number) =>
  fc.array(fc.record({ pseudonym: hex(16), ciphertext: hex(width) }), { maxLength: 50 });

describe('hop chunks in binary', () => {
  it('decode(encode(records)) is the records, in order (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }).chain((width) => records(width)),
        (rs: CombinationRecord[]) => expect(decodeRecordChunk(encodeRecordChunk(rs))).toEqual(rs),
      ),
      { numRuns: 100 },
    );
  });

  it('is half the size of the records in hex: 6 bytes, then 16 + width per record', () => {
    const rs = [{ pseudonym: 'ab'.repeat(16), ciphertext: '0f'.repeat(512) }];
    expect(encodeRecordChunk(rs).length).toBe(6 + 16 + 512);
    expect(encodeRecordChunk([]).length).toBe(6);
    expect(decodeRecordChunk(encodeRecordChunk([]))).toEqual([]);
  });

  it('refuses records that are not a pseudonym and a ciphertext of the chunk width', () => {
    const fine = { pseudonym: 'ab'.repeat(16), ciphertext: '0f'.repeat(8) };
    expect(() => encodeRecordChunk([fine, { ...fine, ciphertext: '0f'.repeat(7) }])).toThrow(/record 1/);
    expect(() => encodeRecordChunk([fine, { ...fine, ciphertext: 'zz'.repeat(8) }])).toThrow(/record 1/);
    expect(() => encodeRecordChunk([fine, { ...fine, pseudonym: 'x'.repeat(32) }])).toThrow(/record 1/);
    expect(() => encodeRecordChunk([{ ...fine, ciphertext: '0f0' }])).toThrow(/even number/);
  });

  it('refuses a chunk whose length does not match its count and width', () => {
    const bytes = encodeRecordChunk([{ pseudonym: 'ab'.repeat(16), ciphertext: '0f'.repeat(8) }]);
    expect(() => decodeRecordChunk(bytes.subarray(0, bytes.length - 1))).toThrow(/does not hold 1 records/);
    expect(() => decodeRecordChunk(Buffer.concat([bytes, Buffer.alloc(1)]))).toThrow(/does not hold/);
    expect(() => decodeRecordChunk(Buffer.alloc(3))).toThrow(/too short/);
  });

  it('chunks by the key width only, and the header names query, hop and position', () => {
    expect(recordsPerChunk(4 * 1024 * 1024, 512)).toBe(7943);
    expect(recordsPerChunk(100, 512)).toBe(1);
    expect(hopChunkHeader('q', 1, 2, 3).toString()).toBe('bfa/combination/hop-chunk/v2\nq\n1\n2\n3');
  });
});
