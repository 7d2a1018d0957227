import type { TaggedEntry } from './federation';
import { partialsReceived } from './partials-received';

const entry = (log: string, seq: number, type: string, details: Record<string, unknown> = {}) =>
  ({ log, seq, type, queryId: 'q1', time: '2026-12-01T06:37:26.476Z', actor: log, details }) as TaggedEntry;

describe('partialsReceived (the drill-down: whose partial decryptions the coordinator received)', () => {
  it("counts a combination's partials logged after its first t, each key holder once", () => {
    expect(
      partialsReceived([
        entry('coordinator', 31, 'decryption.received', { from: ['gemeente', 'ggd', 'schoolbestuur'] }),
        entry('sterkhuis', 9, 'decryption.received', { from: ['mallory'] }),
        entry('coordinator', 32, 'decryption.received', { from: ['sterkhuis'], late: true }),
        entry('coordinator', 33, 'decryption.received', { from: ['ggd'] }),
      ]),
    ).toEqual(['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis']);
  });

  it('says nothing was logged apart from an entry naming no one, and reads a malformed one as no one', () => {
    expect(partialsReceived([entry('coordinator', 1, 'decryption.requested', { keyHolders: ['ggd'] })])).toBeNull();
    expect(partialsReceived([entry('coordinator', 2, 'decryption.received', { from: [] })])).toEqual([]);
    expect(partialsReceived([entry('coordinator', 3, 'decryption.received', { from: 'ggd' })])).toEqual([]);
  });
});
