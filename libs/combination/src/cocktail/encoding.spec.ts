import { randomInt } from 'node:crypto';
import { combinationLayout } from '../layout';
import { validateCombinationQuery } from '../query';
import { query, simulate } from '../testing/layout-simulation';
import { byCount } from '../result';

const records = (cells: number, factors: number, n: number) =>
  Array.from({ length: n }, () => ({
    cell: randomInt(cells),
    bits: Array.from({ length: factors }, () => randomInt(3) === 0),
  }));
const patternOf = (bits: boolean[]) => bits.reduce((p, bit, i) => p + (bit ? 1 << i : 0), 0);

describe('cocktail encodings of the combination histogram', () => {
  it('patterns: a cell’s 2^F slots are its children per combination of the factors (property)', () => {
    for (let trial = 0; trial < 40; trial++) {
      const factors = randomInt(2, 6);
      const q = query(factors, randomInt(1, 40), { kind: 'patterns' }, trial % 2 === 0);
      const rs = records(q.cells.length, factors, randomInt(1, 400));
      const { layout, counts } = simulate(q, 1024, rs);
      expect(layout.countsPerCell).toBe(2 ** factors);
      q.cells.forEach((_, cell) => {
        const expected = Array.from({ length: 2 ** factors }, (_, p) =>
          BigInt(rs.filter((r) => r.cell === cell && patternOf(r.bits) === p).length),
        );
        expect(counts[cell]).toEqual(expected);
      });
    }
  });

  it('outcomeByCount: per number of risk factors, the children and those with the outcome held by the last holder (property)', () => {
    for (let trial = 0; trial < 40; trial++) {
      const factors = randomInt(2, 7);
      const q = query(factors, randomInt(1, 40), { kind: 'outcomeByCount' }, trial % 2 === 0);
      const rs = records(q.cells.length, factors, randomInt(1, 400));
      const { layout, counts } = simulate(q, 1024, rs);
      expect(layout.countsPerCell).toBe(2 * factors);
      q.cells.forEach((_, cell) => {
        const mine = rs.filter((r) => r.cell === cell);
        const risks = (bits: boolean[]) => bits.slice(0, -1).filter(Boolean).length;
        const got = byCount(counts[cell].map(Number));
        expect(got.children).toEqual(
          Array.from({ length: factors }, (_, s) => mine.filter((r) => risks(r.bits) === s).length),
        );
        expect(got.withOutcome).toEqual(
          Array.from(
            { length: factors },
            (_, s) => mine.filter((r) => risks(r.bits) === s && r.bits[factors - 1]).length,
          ),
        );
      });
    }
  });

  it('does not overflow at the bound: every child in one cell with every factor', () => {
    for (const kind of ['patterns', 'outcomeByCount'] as const) {
      const q = query(4, 30, { kind });
      const rs = Array.from({ length: 5000 }, () => ({ cell: 29, bits: [true, true, true, true] }));
      const { layout, counts } = simulate(q, 512, rs);
      expect(counts[29][layout.countsPerCell - 1]).toBe(5000n);
      expect(counts[29].slice(0, -1).every((c) => c === 0n)).toBe(true);
    }
  });

  it('sizes the region: 236 cells, 100,000 children, 4 risk factors and an outcome, 2048 bits', () => {
    const q = (kind: 'patterns' | 'outcomeByCount') => query(5, 236, { kind });
    expect(
      [combinationLayout(q('patterns'), 100_000, 2048), combinationLayout(q('outcomeByCount'), 100_000, 2048)].map(
        (l) => [l.slotBits, l.cellsPerPlaintext, l.blocks],
      ),
    ).toEqual([
      [18, 3, 79],
      [18, 11, 22],
    ]);
  });

  it('refuses a pattern table that does not fit a plaintext, and an outcome with no risk factor', () => {
    expect(() => combinationLayout(query(7, 3, { kind: 'patterns' }), 100_000, 2048)).toThrow(/does not fit/);
    expect(() =>
      validateCombinationQuery({ ...query(2, 3, { kind: 'outcomeByCount' }), factorHolders: ['f1'] }),
    ).toThrow(/a risk factor besides the outcome/);
  });
});
