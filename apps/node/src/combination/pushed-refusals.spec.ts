import { Logger } from '@nestjs/common';
import { generateSigningKeyPair } from '@bfa/crypto';
import { FramedPayload, MalformedPayload, Registry } from '@bfa/protocol';
import { CombinationController } from './combination.controller';
import { CombinationRuns } from './combination-runs';
import { PushedRefusals } from './pushed-refusals';
import { PushedTransfers } from './pushed-transfers';

describe('refused pushed chunks in the journal: a partner flooding junk cannot fill the disk', () => {
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void warnings.push(String(message)));
  });
  afterEach(() => jest.restoreAllMocks());

  /** ggd's controller, as far as a pushed chunk reaches it: its org, the registry, the runs and the transfers. */
  function ggd(): CombinationController {
    const keys = {
      org: 'ggd',
      registry: {
        coordinator: { publicKey: generateSigningKeyPair().publicKey },
        organisations: {},
      } as unknown as Registry,
    };
    const none = {} as never;
    return new CombinationController(
      none,
      keys as never,
      new CombinationRuns(),
      none,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
      new PushedTransfers(),
      none,
    );
  }

  it('answers every junk push with its reason, and journals one line for 3,000 of them', async () => {
    const controller = ggd();
    const junk = [
      new MalformedPayload('not a JSON message'),
      { queryId: 'x' },
      new FramedPayload({ queryId: 'x' }, Buffer.alloc(10)),
    ];
    for (let i = 0; i < 3_000; i++) {
      const reply = await controller.pushedChunk(junk[i % junk.length]);
      expect(reply).toMatchObject({ ok: false, reason: expect.any(String) });
    }
    expect(warnings).toEqual([
      expect.stringMatching(/^pushed chunk refused: a pushed chunk travels in a binary frame$/),
    ]);
  });

  it('journals the first refusal of each window, counting those left out in the next line', () => {
    let now = 0;
    const lines: string[] = [];
    const journal = new PushedRefusals(
      { warn: (m: unknown) => void lines.push(String(m)), error: () => undefined },
      10_000,
      () => now,
    );
    journal.warn('first');
    for (let i = 0; i < 500; i++) journal.warn('flood');
    now = 9_999;
    journal.warn('still in the window');
    now = 10_000;
    journal.warn('next window');
    journal.warn('left out');
    expect(lines).toEqual(['first', 'next window (501 more refused in the 10 s before, not logged)']);
  });
});
