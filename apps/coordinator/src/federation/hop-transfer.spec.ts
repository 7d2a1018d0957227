import { PROTOCOL_VERSION } from '@bfa/protocol';
import { DIRECT_TRANSFER_VERSION, hopPath, transferReport } from './hop-transfer';

describe('how a hop travels: from partner to partner only where both speak version 4', () => {
  it('sends directly between two nodes of this release, and relays as before otherwise', () => {
    expect(DIRECT_TRANSFER_VERSION).toBeLessThanOrEqual(PROTOCOL_VERSION);
    expect(hopPath(PROTOCOL_VERSION, PROTOCOL_VERSION)).toBe('direct');
    expect(hopPath(4, 5)).toBe('direct');
    // A mixed federation still runs: a hop with a node of before version 4 at either end goes through the coordinator.
    for (const older of [3, 2, 1, 'unannounced', null] as const) {
      expect(hopPath(older, PROTOCOL_VERSION)).toBe('relay');
      expect(hopPath(PROTOCOL_VERSION, older)).toBe('relay');
    }
  });
});

describe("the sender's report of a hop it sent", () => {
  it('is taken for the log when it names the chunks the hop announces', () => {
    expect(transferReport('ggd', { chunks: 13, bytes: 53_000_000, seconds: 1.2 }, 13)).toMatchObject({
      chunks: 13,
      bytes: 53_000_000,
      seconds: 1.2,
    });
  });

  it('refuses another count or a malformed report, naming the sender', () => {
    expect(() => transferReport('ggd', { chunks: 12, bytes: 1, seconds: 1 }, 13)).toThrow(
      'combination stopped: ggd reports 12 chunks sent; its hop announces 13',
    );
    expect(() => transferReport('ggd', { chunks: 13, bytes: -1, seconds: 1, extra: true }, 13)).toThrow(
      /ggd's report of its hop is refused: invalid message/,
    );
    expect(() => transferReport('ggd', null, 13)).toThrow(/ggd's report of its hop is refused/);
  });
});
