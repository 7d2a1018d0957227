import { randomInt } from 'node:crypto';
import { randBetween } from 'bigint-crypto-utils';
import { packCells, packingLayout, plaintextCount, unpackCells } from './packing';

const randomCells = (count: number, bound: bigint) => Array.from({ length: count }, () => randBetween(bound, 0n));

describe('packing cells into plaintexts', () => {
  it('sizes slots from the declared bound: 4 holders × 200,000 records fit 20 bits, plus 1 bit of headroom', () => {
    const layout = packingLayout({ cells: 1200, contributionBound: 200_000n, contributors: 4, keyBits: 2048 });
    expect(layout.slotBits).toBe(21);
    expect(layout.slotsPerPlaintext).toBe(97);
    expect(plaintextCount(layout)).toBe(13);
  });

  it('known answer: cells [1, 2, 3] in 4-bit slots are 0x321', () => {
    const layout = packingLayout({ cells: 3, contributionBound: 7n, contributors: 1, keyBits: 64, headroomBits: 1 });
    expect(layout.slotBits).toBe(4);
    expect(packCells([1n, 2n, 3n], layout)).toEqual([0x321n]);
    expect(unpackCells([0x321n], layout)).toEqual([1n, 2n, 3n]);
  });

  it('sums of packed plaintexts unpack to the cell-wise sums, even with every contributor at the bound (property)', () => {
    for (let trial = 0; trial < 200; trial++) {
      const contributors = randomInt(1, 6);
      const bound = randBetween(1n << BigInt(randomInt(1, 40)));
      const layout = packingLayout({
        cells: randomInt(1, 300),
        contributionBound: bound,
        contributors,
        keyBits: 256,
        headroomBits: randomInt(0, 3),
      });
      const tables = Array.from({ length: contributors }, (_, i) =>
        i === 0 && trial % 2 ? Array(layout.cells).fill(bound) : randomCells(layout.cells, bound),
      );
      const packed = tables.map((t) => packCells(t, layout));
      const summed = packed[0].map((_, block) => packed.reduce((sum, p) => sum + p[block], 0n));
      summed.forEach((plaintext) => expect(plaintext < 1n << 255n).toBe(true));
      expect(unpackCells(summed, layout)).toEqual(
        tables[0].map((_, cell) => tables.reduce((sum, t) => sum + t[cell], 0n)),
      );
    }
  });

  it('no slot can overflow for the declared bounds: the largest possible sum still fits its slot', () => {
    for (let contributors = 1; contributors <= 8; contributors++) {
      for (const bound of [1n, 9n, 1000n, 2n ** 31n - 1n]) {
        const layout = packingLayout({
          cells: 5,
          contributionBound: bound,
          contributors,
          keyBits: 2048,
          headroomBits: 0,
        });
        expect(bound * BigInt(contributors) < 1n << BigInt(layout.slotBits)).toBe(true);
        expect(BigInt(layout.slotBits * layout.slotsPerPlaintext) < 2048n).toBe(true);
      }
    }
  });

  it('refuses a cell above the bound or negative, a wrong cell count, and stray high bits', () => {
    const layout = packingLayout({ cells: 3, contributionBound: 100n, contributors: 2, keyBits: 128 });
    expect(() => packCells([1n, 101n, 3n], layout)).toThrow(/cell 1 is outside/);
    expect(() => packCells([1n, -1n, 3n], layout)).toThrow(/cell 1 is outside/);
    expect(() => packCells([1n, 2n], layout)).toThrow(/expected 3 cells/);
    expect(() => unpackCells([1n << 100n], layout)).toThrow(/beyond its last slot/);
  });
});
