import { queryProgress, QueryStatus } from './query-progress';

const envelope = { dataHolders: ['sterkhuis'], keyHolders: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'] };
const status = (
  state: string,
  decisions: QueryStatus['decisions'] = [],
  reason: string | null = null,
): QueryStatus => ({ state, reason, envelope, decisions });

describe("a query's progress in a steward's words", () => {
  it('counts the approvals of every data and key holder and names who has not answered', () => {
    const approved = ['gemeente', 'ggd', 'sterkhuis'].map((org) => ({ org, decision: 'approve' }));
    expect(queryProgress(status('proposed', approved))).toEqual({
      words: '3 of 4 partners have approved (waiting for schoolbestuur)',
      done: 3,
      total: 4,
    });
    expect(queryProgress(status('proposed'))).toMatchObject({
      words: expect.stringMatching(/^0 of 4 partners have approved/),
      done: 0,
    });
  });

  it('says what the partners do while a query executes, a combination in its own words', () => {
    expect(queryProgress(status('executing')).words).toContain('the data holders are counting');
    expect(
      queryProgress({ ...status('executing'), envelope: { ...envelope, spec: { combination: {} } } }).words,
    ).toContain('the partners are adding their factors');
  });

  it("counts each step the coordinator reports: a combination's hops, the contributions and the decryptions", () => {
    const at = (step: 'execution' | 'hops' | 'decryption', done: number, of: number) =>
      queryProgress({ ...status('executing'), progress: { step, done, of } });
    expect(at('hops', 2, 4)).toEqual({ words: 'the partners are adding their factors: 2 of 4', done: 2, total: 4 });
    expect(at('execution', 1, 3)).toEqual({
      words: 'the partners are sending their encrypted contributions: 1 of 3',
      done: 1,
      total: 3,
    });
    expect(at('decryption', 3, 4)).toEqual({ words: 'the key holders are decrypting: 3 of 4', done: 3, total: 4 });
    expect(queryProgress({ ...status('executing'), progress: null }).words).toContain('the data holders are counting');
  });

  it('names the steward who rejected and the reason, and any other end with its reason', () => {
    const rejected = status(
      'rejected',
      [{ org: 'ggd', decision: 'reject', reason: 'purpose too broad' }],
      'rejected by ggd',
    );
    expect(queryProgress(rejected).words).toBe('rejected by the steward of ggd: purpose too broad');
    expect(queryProgress(status('failed', [], 'only 2 of 3 key holders answered')).words).toBe(
      'failed: only 2 of 3 key holders answered',
    );
    expect(queryProgress(status('released'))).toEqual({ words: 'released', done: 1, total: 1 });
  });

  it('says when a release was removed and after how long, not that nothing was released', () => {
    expect(
      queryProgress(status('removed', [], 'release removed on 2027-12-01 after its retention of 365 days')).words,
    ).toBe('release removed on 2027-12-01 after its retention of 365 days');
  });
});
