import { SignedContributionDto } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { ChunkLimits, ContributionChunks } from './contribution-chunks';

const QUERY = '3f1c2b9e-4d5a-4e6f-8a7b-9c0d1e2f3a4b';
const BATCH = 'a'.repeat(32);
const signed = (org: string) => ({ contribution: { org }, signature: 'c2ln' }) as unknown as SignedContributionDto;
const orgs = (contributions: SignedContributionDto[]) => contributions.map((c) => c.contribution.org);

describe('ContributionChunks (a key holder keeping the contributions sent ahead of its partial decryption request)', () => {
  const LIMITS: ChunkLimits = { contributionChunksMaxBytes: 1024 * 1024, contributionChunksMaxPending: 16 };
  let chunks: ContributionChunks;
  beforeEach(() => (chunks = new ContributionChunks(LIMITS)));

  it('gives every chunk of the batch back in order, whatever order they came in, and only once', () => {
    chunks.deliver(QUERY, BATCH, 2, [signed('e')]);
    chunks.deliver(QUERY, BATCH, 0, [signed('a'), signed('b')]);
    chunks.deliver(QUERY, BATCH, 1, [signed('c'), signed('d')]);
    expect(orgs(chunks.take(QUERY, BATCH, 3))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(() => chunks.take(QUERY, BATCH, 3)).toThrow(/announces 3 chunks of contributions; 0 were delivered/);
  });

  it('refuses a request that announces more or fewer chunks than were delivered, and keeps nothing of them', () => {
    chunks.deliver(QUERY, BATCH, 0, [signed('a')]);
    chunks.deliver(QUERY, BATCH, 2, [signed('c')]);
    expect(() => chunks.take(QUERY, BATCH, 3)).toThrow(Refusal);
    chunks.deliver(QUERY, BATCH, 0, [signed('a')]);
    chunks.deliver(QUERY, BATCH, 1, [signed('b')]);
    expect(() => chunks.take(QUERY, BATCH, 1)).toThrow(/announces 1 chunks of contributions; 2 were delivered/);
  });

  it("keeps batches apart: another attempt's or another query's chunks are never mixed in", () => {
    const other = 'b'.repeat(32);
    chunks.deliver(QUERY, BATCH, 0, [signed('a')]);
    chunks.deliver(QUERY, other, 0, [signed('x')]);
    chunks.deliver('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', BATCH, 0, [signed('y')]);
    expect(orgs(chunks.take(QUERY, BATCH, 1))).toEqual(['a']);
    expect(orgs(chunks.take(QUERY, other, 1))).toEqual(['x']);
  });

  it('refuses a chunk delivered twice and a chunk index out of range', () => {
    chunks.deliver(QUERY, BATCH, 0, [signed('a')]);
    expect(() => chunks.deliver(QUERY, BATCH, 0, [signed('z')])).toThrow(/already delivered/);
    expect(() => chunks.deliver(QUERY, BATCH, -1, [signed('z')])).toThrow(/out of range/);
    expect(() => chunks.deliver(QUERY, BATCH, 1e9, [signed('z')])).toThrow(/out of range/);
    expect(orgs(chunks.take(QUERY, BATCH, 1))).toEqual(['a']);
  });

  it('drops chunks whose request never came, half an hour after they were last added to', () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    chunks.deliver(QUERY, BATCH, 0, [signed('a')]);
    now.mockReturnValue(1_000_000 + 31 * 60_000);
    chunks.deliver(QUERY, 'c'.repeat(32), 0, [signed('b')]);
    expect(() => chunks.take(QUERY, BATCH, 1)).toThrow(/0 were delivered/);
    now.mockRestore();
  });

  describe('bounded, not only by the signature of the coordinator that sends them', () => {
    const other = (i: number) => i.toString(16).padStart(32, '0');
    const sizeOf = (contributions: SignedContributionDto[]) => Buffer.byteLength(JSON.stringify(contributions));

    it('refuses the chunks of one request more than BFA_CONTRIBUTION_CHUNKS_MAX_PENDING allows, taking more of a held one', () => {
      chunks = new ContributionChunks({ ...LIMITS, contributionChunksMaxPending: 2 });
      chunks.deliver(QUERY, other(1), 0, [signed('a')]);
      chunks.deliver(QUERY, other(2), 0, [signed('b')]);
      expect(() => chunks.deliver(QUERY, other(3), 0, [signed('c')])).toThrow(
        `the contributions to query ${QUERY} are refused: this node already holds the chunks of 2 partial decryption requests not yet made, its most (BFA_CONTRIBUTION_CHUNKS_MAX_PENDING=2)`,
      );
      chunks.deliver(QUERY, other(2), 1, [signed('d')]);
      expect(chunks.held().requests).toBe(2);
      // A request that took its chunks makes room.
      expect(orgs(chunks.take(QUERY, other(1), 1))).toEqual(['a']);
      chunks.deliver(QUERY, other(3), 0, [signed('c')]);
    });

    it("refuses a chunk past BFA_CONTRIBUTION_CHUNKS_MAX_BYTES over all requests, and drops that request's chunks", () => {
      const one = [signed('a'.repeat(400))];
      chunks = new ContributionChunks({ ...LIMITS, contributionChunksMaxBytes: 2 * sizeOf(one) + 10 });
      chunks.deliver(QUERY, other(1), 0, one);
      chunks.deliver(QUERY, other(2), 0, one);
      expect(() => chunks.deliver(QUERY, other(2), 1, one)).toThrow(
        new RegExp(
          `^the contributions to query ${QUERY} are refused: a chunk of ${sizeOf(one)} bytes would have this node hold ${3 * sizeOf(one)} bytes of contribution chunks, over its most of ${2 * sizeOf(one) + 10} \\(BFA_CONTRIBUTION_CHUNKS_MAX_BYTES\\)$`,
        ),
      );
      expect(chunks.held()).toEqual({ requests: 1, bytes: sizeOf(one) });
      expect(() => chunks.take(QUERY, other(2), 2)).toThrow(/0 were delivered/);
      expect(orgs(chunks.take(QUERY, other(1), 1))).toEqual(['a'.repeat(400)]);
    });

    it('holds nothing once a request took its chunks, was refused for them, or they expired', () => {
      const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
      chunks.deliver(QUERY, other(1), 0, [signed('a')]);
      chunks.take(QUERY, other(1), 1);
      chunks.deliver(QUERY, other(2), 0, [signed('b')]);
      expect(() => chunks.take(QUERY, other(2), 2)).toThrow(Refusal);
      chunks.deliver(QUERY, other(3), 0, [signed('c')]);
      expect(chunks.held().requests).toBe(1);
      now.mockReturnValue(1_000_000 + 31 * 60_000);
      expect(() => chunks.take(QUERY, other(4), 1)).toThrow(Refusal);
      expect(chunks.held()).toEqual({ requests: 0, bytes: 0 });
      now.mockRestore();
    });
  });
});
