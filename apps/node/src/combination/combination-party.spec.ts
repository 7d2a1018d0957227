import { HopReceipt, SealedHop } from '@bfa/combination';
import { bigintToHex, keyIdOf, PaillierEncryptor, SealedBox } from '@bfa/crypto';
import { recordsInHop, uniqueEditions } from './combination-party';

// A 2048-bit modulus: n² is 512 bytes, so a binary chunk of 4 MiB holds 7,943 records of 16 + 512 bytes (the old
// chunks of hex in JSON held fewer).
const n = (1n << 2047n) + 1n;
const encryptor = new PaillierEncryptor({ keyId: keyIdOf(n), bits: 2048, n: bigintToHex(n) });

function hop(claimed: number, chunks: number): SealedHop {
  const receipt = { records: claimed } as HopReceipt;
  return {
    queryId: 'q',
    step: 1,
    from: 'a',
    to: 'b',
    receipts: [receipt, receipt],
    chunks: new Array<SealedBox>(chunks),
  };
}

describe('recordsInHop (how many rⁿ a factor step prepares)', () => {
  const perChunk = 7943;

  it("is the sender's signed record count", () => {
    expect(recordsInHop(hop(100_000, 13), encryptor)).toBe(100_000);
  });

  it('is never more than the delivered chunks can hold, whatever the receipt claims', () => {
    expect(recordsInHop(hop(10_000_000, 2), encryptor)).toBe(2 * perChunk);
    expect(recordsInHop(hop(5, 0), encryptor)).toBe(0);
  });
});

describe("uniqueEditions (what a step's receipt names)", () => {
  const edition = (dataset: string, id: string) => ({
    org: 'gemeente',
    dataset,
    edition: id.repeat(64),
    years: [2024],
    importedAt: '2026-11-30T12:00:00.000Z',
  });

  it("names an edition once when the population holder's own factor comes from the population's dataset", () => {
    expect(
      uniqueEditions([
        edition('children_households', 'a'),
        edition('children_households', 'b'),
        edition('children_households', 'a'),
      ]),
    ).toEqual([edition('children_households', 'a'), edition('children_households', 'b')]);
  });
});
