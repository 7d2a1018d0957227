import { SealedHopHeader } from '@bfa/combination';
import { SealedBox } from '@bfa/crypto';
import { CombinationRuns } from './combination-runs';

const queryId = '3f2c1b7e-1111-4222-8333-444455556666';
const box = (index: number): SealedBox => ({
  scheme: 'x25519-chacha20-poly1305',
  recipientPublicKey: 'r',
  ephemeralPublicKey: 'e',
  nonce: 'n',
  box: Buffer.from(`chunk ${index}`).toString('base64'),
});
const header = (chunks: number, step = 1): SealedHopHeader => ({
  queryId,
  step,
  from: 'gemeente',
  to: 'sterkhuis',
  receipts: [],
  chunks,
});

describe('CombinationRuns: the chunks delivered to this node', () => {
  it('assembles a hop from chunks delivered in any order, each at its own position', () => {
    const runs = new CombinationRuns();
    for (const index of [2, 0, 3, 1]) runs.deliver(queryId, 1, index, box(index));
    expect(runs.incomingHop(header(4)).chunks).toEqual([0, 1, 2, 3].map(box));
  });

  it('refuses a chunk delivered twice, and keeps the first', () => {
    const runs = new CombinationRuns();
    runs.deliver(queryId, 1, 0, box(0));
    expect(() => runs.deliver(queryId, 1, 0, box(9))).toThrow(
      `chunk 0 of step 1 of query ${queryId} was already delivered`,
    );
    expect(runs.incomingHop(header(1)).chunks).toEqual([box(0)]);
  });

  it('fails the hop when a chunk is missing or one more arrived than the header announces', () => {
    const missing = new CombinationRuns();
    for (const index of [0, 2]) missing.deliver(queryId, 1, index, box(index));
    expect(() => missing.incomingHop(header(3))).toThrow(
      `step 1 of query ${queryId} announces 3 chunks; 2 were delivered`,
    );
    const extra = new CombinationRuns();
    for (const index of [0, 1, 2]) extra.deliver(queryId, 1, index, box(index));
    expect(() => extra.incomingHop(header(2))).toThrow(`announces 2 chunks; 3 were delivered`);
  });

  it('hands a hop over once: its chunks can be applied only once', () => {
    const runs = new CombinationRuns();
    runs.deliver(queryId, 1, 0, box(0));
    runs.incomingHop(header(1));
    expect(() => runs.incomingHop(header(1))).toThrow('announces 1 chunks; 0 were delivered');
  });

  it("keeps another step's chunks apart", () => {
    const runs = new CombinationRuns();
    runs.deliver(queryId, 2, 0, box(0));
    expect(() => runs.incomingHop(header(1, 1))).toThrow('0 were delivered');
    expect(runs.incomingHop(header(1, 2)).chunks).toEqual([box(0)]);
  });

  it('refuses a chunk that would take the chunks held past BFA_HOP_CHUNKS_MAX_BYTES, keeping the others, and takes one again once a hop was taken', () => {
    const size = box(0).box.length;
    const runs = new CombinationRuns({ hopChunksMaxBytes: 2 * size });
    runs.deliver(queryId, 1, 0, box(0));
    runs.deliver(queryId, 2, 0, box(1));
    expect(() => runs.deliver(queryId, 3, 0, box(2))).toThrow(
      `chunk 0 of step 3 of query ${queryId} would take the hop chunks held here past BFA_HOP_CHUNKS_MAX_BYTES (${2 * size} bytes; ${2 * size} held)`,
    );
    expect(runs.incomingHop(header(1, 2)).chunks).toEqual([box(1)]);
    runs.deliver(queryId, 3, 0, box(2));
    expect(runs.incomingHop(header(1, 3)).chunks).toEqual([box(2)]);
    expect(runs.incomingHop(header(1, 1)).chunks).toEqual([box(0)]);
  });
});
