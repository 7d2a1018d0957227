import { SignedContributionDto } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { ContributionChunks } from './contribution-chunks';

const QUERY = '3f1c2b9e-4d5a-4e6f-8a7b-9c0d1e2f3a4b';
const BATCH = 'a'.repeat(32);
const signed = (org: string) => ({ contribution: { org }, signature: 'c2ln' }) as unknown as SignedContributionDto;
const orgs = (contributions: SignedContributionDto[]) => contributions.map((c) => c.contribution.org);

describe('ContributionChunks (a key holder keeping the contributions sent ahead of its partial decryption request)', () => {
  let chunks: ContributionChunks;
  beforeEach(() => (chunks = new ContributionChunks()));

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
});
