import { randomInt } from 'node:crypto';
import { brokenMagnitudeRule, combineBounds, leafBounds } from './magnitude-rules';
import { cellsOfLeaf, flatDimension, hierarchyDimension } from './table-builders';

const top = (values: number[]) => [...values].sort((a, b) => b - a);

describe('dominance and p% rules', () => {
  it.each<[string, number[], string | null]>([
    ['one value dominates', [950, 30, 10, 10], 'dominance'],
    ['two values make up 91%', [500, 410, 50, 40], 'dominance'],
    ['evenly spread', [100, 90, 80, 70, 60, 50], null],
    ['nothing in the cell', [], null],
  ])('known answer: %s', (_what, values, rule) => {
    const [a = 0, b = 0] = top(values);
    expect(
      brokenMagnitudeRule(
        values.reduce((s, v) => s + v, 0),
        leafBounds(a, b),
      ),
    ).toBe(rule);
  });

  it('p%: with k = 95% and p = 20%, a rest of 100 beside a largest of 600 breaks p% but not dominance', () => {
    // With the defaults (k = 90%, p = 10%) p% can't trigger on its own: a rest of at least 10% of the total is at least 10% of the largest.
    expect(brokenMagnitudeRule(1000, leafBounds(600, 300), { dominanceK: 0.95, pPercent: 0.2 })).toBe('p-percent');
    expect(brokenMagnitudeRule(1000, leafBounds(600, 300))).toBeNull();
  });

  it('bounds of a total from its parts are never below the truth, and exact for one holder (property)', () => {
    for (let trial = 0; trial < 300; trial++) {
      const parts = Array.from({ length: randomInt(1, 6) }, () =>
        Array.from({ length: randomInt(0, 8) }, () => randomInt(0, 1000)),
      );
      const bounds = combineBounds(parts.map((p) => leafBounds(top(p)[0] ?? 0, top(p)[1] ?? 0)));
      const [a = 0, b = 0] = top(parts.flat());
      expect(bounds).toEqual({ largest: a, topTwo: a + b });
    }
  });

  it("with several holders per cell (sums of each holder's largest) the bounds stay above the truth (property)", () => {
    for (let trial = 0; trial < 300; trial++) {
      const holders = Array.from({ length: randomInt(2, 5) }, () =>
        Array.from({ length: randomInt(0, 6) }, () => randomInt(0, 1000)),
      );
      const sumOf = (k: number) => holders.reduce((s, h) => s + (top(h)[k] ?? 0), 0);
      const bounds = leafBounds(sumOf(0), sumOf(1));
      const [a = 0, b = 0] = top(holders.flat());
      expect(bounds.largest).toBeGreaterThanOrEqual(a);
      expect(bounds.topTwo).toBeGreaterThanOrEqual(a + b);
    }
  });
});

describe('cellsOfLeaf', () => {
  it('names the leaf and every total above it, along every dimension', () => {
    const wijk = hierarchyDimension('wijk', 'Totaal', { WK01: 'GM1', WK02: 'GM1', GM1: 'Totaal' });
    const age = flatDimension('age', ['0-3', '4-11']);
    expect(cellsOfLeaf([wijk, age], { wijk: 'WK02', age: '4-11' })).toEqual(
      expect.arrayContaining([
        { wijk: 'WK02', age: '4-11' },
        { wijk: 'WK02', age: 'Totaal' },
        { wijk: 'GM1', age: '4-11' },
        { wijk: 'Totaal', age: 'Totaal' },
      ]),
    );
    expect(cellsOfLeaf([wijk, age], { wijk: 'WK02', age: '4-11' })).toHaveLength(6);
    expect(() => cellsOfLeaf([wijk, age], { wijk: 'GM1', age: '4-11' })).toThrow(/not a leaf/);
  });
});
