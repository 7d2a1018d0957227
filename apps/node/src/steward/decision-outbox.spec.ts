import { ackTimeoutMs, deliveryOutcome, retryDelayMs } from './decision-outbox';

describe("the steward decision outbox's retry policy", () => {
  it('waits 1 s after the first failure, doubling to at most 30 s', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 9, 40].map((failures) => retryDelayMs(failures, middle))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('gives a coordinator that is behind longer to acknowledge with each unanswered delivery: 10 s doubling to 2 min', () => {
    expect([0, 1, 2, 3, 4, 10, 40].map(ackTimeoutMs)).toEqual([
      10_000, 20_000, 40_000, 80_000, 120_000, 120_000, 120_000,
    ]);
  });

  it("spreads the nodes' retries by at most a fifth either way", () => {
    expect(retryDelayMs(1, () => 0)).toBe(800);
    expect(retryDelayMs(1, () => 0.999999)).toBe(1_200);
    expect(retryDelayMs(9, () => 0.999999)).toBe(36_000);
  });

  it('stops at an acknowledgement, recording it', () => {
    expect(deliveryOutcome({ ok: true, value: { recorded: 'before' } })).toEqual({
      done: true,
      outcome: 'acknowledged',
    });
  });

  it('stops at a refusal a resend cannot change, recording its reason', () => {
    expect(deliveryOutcome({ ok: false, reason: 'ggd already decided on query q1' })).toEqual({
      done: true,
      outcome: 'refused: ggd already decided on query q1',
    });
  });

  it('sends again when the coordinator is silent, unreachable, failed on its own error or answered nonsense', () => {
    expect(deliveryOutcome(new Error('Timeout has occurred'))).toEqual({ done: false, why: 'Timeout has occurred' });
    expect(deliveryOutcome({ ok: false, reason: 'decision failed on an internal error' })).toMatchObject({
      done: false,
    });
    expect(deliveryOutcome(null as never)).toMatchObject({ done: false, why: 'malformed acknowledgement' });
    expect(deliveryOutcome({ yes: 1 } as never)).toMatchObject({ done: false });
  });
});
