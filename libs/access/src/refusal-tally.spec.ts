import { OTHER_SOURCES, RefusalTally } from './refusal-tally';

const at = (minute: number, second = 0) => Date.UTC(2026, 10, 30, 14, minute, second);

describe('RefusalTally', () => {
  it('says which request to log in full (the first of its kind per source and minute) and limits a source past its count', () => {
    const tally = new RefusalTally({ perMinute: 3 });
    expect(tally.count('10.0.0.1', 'unsigned', at(0))).toEqual({ inFull: true, limited: false });
    expect(tally.count('10.0.0.1', 'unsigned', at(0, 1))).toEqual({ inFull: false, limited: false });
    expect(tally.count('10.0.0.1', 'stale', at(0, 2))).toEqual({ inFull: true, limited: false });
    expect(tally.count('10.0.0.2', 'unsigned', at(0, 3))).toEqual({ inFull: true, limited: false });
    expect(tally.count('10.0.0.1', 'unsigned', at(0, 4))).toEqual({ inFull: true, limited: true });
    expect(tally.count('10.0.0.1', 'forged', at(0, 5))).toEqual({ inFull: false, limited: true });
    expect(tally.count('10.0.0.1', 'unsigned', at(1))).toEqual({ inFull: true, limited: false });
  });

  it('summarises each ended minute once per source, only where more came than were logged in full', () => {
    const tally = new RefusalTally();
    for (let i = 0; i < 200; i++) tally.count('10.0.0.1', 'unsigned', at(0, i % 60));
    tally.count('10.0.0.2', 'unsigned', at(0, 10));
    tally.count('10.0.0.3', 'unsigned', at(0, 10));
    tally.count('10.0.0.3', 'replayed', at(0, 11));
    expect(tally.drain(at(0, 59))).toEqual([]);
    expect(tally.drain(at(1, 2))).toEqual([
      {
        source: '10.0.0.1',
        principal: null,
        from: new Date(at(0)).toISOString(),
        to: new Date(at(1)).toISOString(),
        requests: 200,
        byKind: { unsigned: 60, 'too many': 140 },
      },
    ]);
    expect(tally.drain(at(1, 7))).toEqual([]);
  });

  it('logs the first inFull of a proven principal in full, never limits them, and summarises the rest under the principal', () => {
    const tally = new RefusalTally({ perMinute: Infinity, inFull: 10, proven: true });
    const answers = Array.from({ length: 30 }, (_, i) => tally.count('ana.lyst', 'forbidden', at(0, i)));
    expect(answers.filter((a) => a.inFull)).toHaveLength(10);
    expect(answers.every((a, i) => a.inFull === i < 10 && !a.limited)).toBe(true);
    expect(tally.drain(at(1))).toEqual([
      expect.objectContaining({ source: 'ana.lyst', principal: 'ana.lyst', requests: 30, byKind: { forbidden: 30 } }),
    ]);
  });

  it('keeps at most maxSources per minute; the rest are counted together', () => {
    const tally = new RefusalTally({ maxSources: 2 });
    for (const source of ['a', 'b', 'c', 'd', 'c']) tally.count(source, 'unsigned', at(0));
    expect(tally.drain(at(0), true).map((s) => [s.source, s.requests])).toEqual([[OTHER_SOURCES, 3]]);
  });
});
