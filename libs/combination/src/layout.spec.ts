import { randomInt } from 'node:crypto';
import { randBetween } from 'bigint-crypto-utils';
import { combinationLayout, MASK_BITS } from './layout';
import { CombinationMeasure } from './query';
import { query, simulate } from './testing/layout-simulation';

const measures: CombinationMeasure[] = [{ kind: 'all' }, { kind: 'histogram' }, { kind: 'atLeast', m: 2 }];

describe('combination layout', () => {
  it('packed sums are the per-cell counts, for random grids, factors and bits (property)', () => {
    for (let trial = 0; trial < 60; trial++) {
      const measure = measures[trial % 3];
      const factors = randomInt(2, 7);
      const q = query(
        factors,
        randomInt(1, 80),
        measure.kind === 'atLeast' ? { kind: 'atLeast', m: randomInt(1, factors + 1) } : measure,
        trial % 2 === 0,
      );
      const records = Array.from({ length: randomInt(1, 400) }, () => ({
        cell: randomInt(q.cells.length),
        bits: Array.from({ length: factors }, () => randomInt(3) === 0),
      }));
      const masks = new Map<number, bigint[]>();
      const { layout, counts } = simulate(q, 512, records, masks);
      expect(layout.packing.slotsPerPlaintext % layout.countsPerCell).toBe(0);
      q.cells.forEach((_, cell) => {
        const mine = records.filter((r) => r.cell === cell);
        const expected =
          layout.encoding === 'product'
            ? [BigInt(mine.filter((r) => r.bits.every(Boolean)).length)]
            : Array.from({ length: factors + 1 }, (_, j) =>
                BigInt(mine.filter((r) => r.bits.filter(Boolean).length === j).length),
              );
        expect(counts[cell]).toEqual(expected);
      });
    }
  });

  it('does not overflow at the bound: every record in one cell with every factor', () => {
    for (const measure of measures) {
      const q = query(4, 30, measure);
      const records = Array.from({ length: 5000 }, () => ({ cell: 29, bits: [true, true, true, true] }));
      const layout = combinationLayout(q, records.length, 512);
      const top = layout.countsPerCell - 1;
      const masks = layout.masked
        ? new Map([[29, Array.from({ length: 5 }, () => (1n << BigInt(layout.slotBits - 1)) - 1n)]])
        : new Map<number, bigint[]>();
      const { counts } = simulate(q, 512, records, masks);
      expect(counts[29][top] - (masks.get(29)?.[top] ?? 0n)).toBe(5000n);
    }
  });

  it('masked slots carry count + mask: the sum over slots ≥ m minus the masks is the atLeast count', () => {
    const q = query(3, 10, { kind: 'atLeast', m: 2 });
    const records = Array.from({ length: 300 }, () => ({
      cell: randomInt(10),
      bits: [randomInt(2) === 1, randomInt(2) === 1, randomInt(2) === 1],
    }));
    const layout = combinationLayout(q, records.length, 1024);
    expect(layout.slotBits).toBe(9 + 1 + MASK_BITS);
    const masks = new Map(
      q.cells.map((_, cell) => [
        cell,
        Array.from({ length: 4 }, () => randBetween((1n << BigInt(layout.slotBits - 1)) - 1n, 0n)),
      ]),
    );
    const { counts } = simulate(q, 1024, records, masks);
    q.cells.forEach((_, cell) => {
      const revealed =
        counts[cell].slice(2).reduce((s, x) => s + x, 0n) -
        masks
          .get(cell)!
          .slice(2)
          .reduce((s, x) => s + x, 0n);
      expect(revealed).toBe(
        BigInt(records.filter((r) => r.cell === cell && r.bits.filter(Boolean).length >= 2).length),
      );
    });
  });

  it('sizes blocks for a region: 236 cells, 100,000 children, 4 factors, 2048 bits', () => {
    const sizes = measures.map((m) => combinationLayout(query(4, 236, m), 100_000, 2048));
    expect(sizes.map((l) => [l.slotBits, l.cellsPerPlaintext, l.blocks])).toEqual([
      [18, 113, 3],
      [18, 22, 11],
      [58, 7, 34],
    ]);
  });

  it('refuses a cell that does not fit a plaintext', () => {
    expect(() => combinationLayout(query(6, 3, { kind: 'atLeast', m: 3 }), 1_000_000, 256)).toThrow(/does not fit/);
  });
});
