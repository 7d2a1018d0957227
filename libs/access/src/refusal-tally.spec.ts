import { OTHER_SOURCES, RefusalTally } from './refusal-tally';

const at = (minute: number, second = 0) => Date.UTC(2026, 10, 30, 14, minute, second);

describe('RefusalTally', () => {
  it('says which request is the first of its kind per source and minute, and limits a source past its count', () => {
    const tally = new RefusalTally(3);
    expect(tally.count('10.0.0.1', 'unsigned', at(0))).toEqual({ first: true, limited: false });
    expect(tally.count('10.0.0.1', 'unsigned', at(0, 1))).toEqual({ first: false, limited: false });
    expect(tally.count('10.0.0.1', 'stale', at(0, 2))).toEqual({ first: true, limited: false });
    expect(tally.count('10.0.0.2', 'unsigned', at(0, 3))).toEqual({ first: true, limited: false });
    expect(tally.count('10.0.0.1', 'unsigned', at(0, 4))).toEqual({ first: true, limited: true });
    expect(tally.count('10.0.0.1', 'forged', at(0, 5))).toEqual({ first: false, limited: true });
    expect(tally.count('10.0.0.1', 'unsigned', at(1))).toEqual({ first: true, limited: false });
  });

  it('summarises each ended minute once per source, only where more came than were logged in full', () => {
    const tally = new RefusalTally(60);
    for (let i = 0; i < 200; i++) tally.count('10.0.0.1', 'unsigned', at(0, i % 60));
    tally.count('10.0.0.2', 'unsigned', at(0, 10));
    tally.count('10.0.0.3', 'unsigned', at(0, 10));
    tally.count('10.0.0.3', 'replayed', at(0, 11));
    expect(tally.drain(at(0, 59))).toEqual([]);
    expect(tally.drain(at(1, 2))).toEqual([
      { source: '10.0.0.1', from: new Date(at(0)).toISOString(), to: new Date(at(1)).toISOString(), requests: 200, byKind: { unsigned: 60, 'too many': 140 } },
    ]);
    expect(tally.drain(at(1, 7))).toEqual([]);
  });

  it('keeps at most maxSources per minute; the rest are counted together', () => {
    const tally = new RefusalTally(60, 2);
    for (const source of ['a', 'b', 'c', 'd', 'c']) tally.count(source, 'unsigned', at(0));
    expect(tally.drain(at(0), true).map((s) => [s.source, s.requests])).toEqual([[OTHER_SOURCES, 3]]);
  });
});
