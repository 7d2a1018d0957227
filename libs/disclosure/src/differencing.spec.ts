import { coordinatesKey, differencingCells, RememberedCell } from './differencing';

const cell = (key: string, contributors: number, released = true): RememberedCell => ({ key, contributors, released });

describe('differencing with earlier releases', () => {
  it('flags cells that differ from a released cell by 1 to k − 1 people, and only those', () => {
    const earlier = [[cell('A', 120), cell('B', 40), cell('C', 33), cell('D', 25, false), cell('E', 50)]];
    const current = [
      { key: 'A', contributors: 117 },
      { key: 'B', contributors: 40 },
      { key: 'C', contributors: 23 },
      { key: 'D', contributors: 20 },
      { key: 'E', contributors: 41 },
    ];
    expect([...differencingCells(current, earlier, 10)].sort()).toEqual(['A', 'E']);
  });

  it('checks against every earlier release', () => {
    expect([...differencingCells([{ key: 'A', contributors: 50 }], [[cell('A', 50)], [cell('A', 45)]], 10)]).toEqual([
      'A',
    ]);
  });

  it('keys coordinates whatever their order and type', () => {
    expect(coordinatesKey({ wijk: 'WK01', year: 2024 })).toBe(coordinatesKey({ year: '2024', wijk: 'WK01' }));
  });
});
