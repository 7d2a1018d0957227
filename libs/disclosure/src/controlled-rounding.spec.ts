import { randomInt } from 'node:crypto';
import { controlledRounding } from './controlled-rounding';
import { crossTable, flatDimension, hierarchyDimension, twoWayTable } from './table-builders';

const leaf = (row: string, column: string, value: number) => ({
  coordinates: { row, column },
  value,
  contributors: value,
});

function expectControlled(table: ReturnType<typeof twoWayTable>, rounded: number[], base: number): void {
  table.cells.forEach((cell, i) => {
    expect(rounded[i] % base).toBe(0);
    expect(Math.abs(rounded[i] - cell.value)).toBeLessThan(base);
    if (cell.value % base === 0) expect(rounded[i]).toBe(cell.value);
  });
  for (const { total, parts } of table.constraints)
    expect(rounded[total]).toBe(parts.reduce((s, p) => s + rounded[p], 0));
}

describe('controlled rounding', () => {
  it('rounds a 2x2 table with totals to base 5, additively, a multiple staying put (known case)', async () => {
    const table = twoWayTable('row', 'column', [
      leaf('a', 'x', 3),
      leaf('a', 'y', 7),
      leaf('b', 'x', 10),
      leaf('b', 'y', 1),
    ]);
    const rounded = await controlledRounding(table, 5);
    expectControlled(table, rounded, 5);
    const value = (row: string, column: string) =>
      rounded[table.cells.findIndex((c) => c.coordinates.row === row && c.coordinates.column === column)];
    expect(value('b', 'x')).toBe(10);
    expect(value('Totaal', 'Totaal') % 5).toBe(0);
  });

  it('holds on random 2-D tables and on a wijk hierarchy x age bands, bases 5 and 10 (property)', async () => {
    for (let trial = 0; trial < 25; trial++) {
      const base = trial % 2 ? 5 : 10;
      const rows = Array.from({ length: randomInt(2, 7) }, (_, i) => `r${i}`);
      const columns = Array.from({ length: randomInt(2, 6) }, (_, i) => `c${i}`);
      const table = twoWayTable(
        'row',
        'column',
        rows.flatMap((r) => columns.map((c) => leaf(r, c, randomInt(0, 60)))),
      );
      expectControlled(table, await controlledRounding(table, base), base);
    }
    const wijk = hierarchyDimension('row', 'Totaal', {
      w1: 'g1',
      w2: 'g1',
      w3: 'g2',
      w4: 'g2',
      w5: 'g2',
      g1: 'Totaal',
      g2: 'Totaal',
    });
    const hierarchical = crossTable(
      [wijk, flatDimension('column', ['0-3', '4-11', '12-17'])],
      ['w1', 'w2', 'w3', 'w4', 'w5'].flatMap((w) => ['0-3', '4-11', '12-17'].map((a) => leaf(w, a, randomInt(0, 40)))),
    );
    expectControlled(hierarchical, await controlledRounding(hierarchical, 5), 5);
  });

  it('refuses a base below 2', async () => {
    await expect(controlledRounding(twoWayTable('row', 'column', [leaf('a', 'x', 3)]), 1)).rejects.toThrow(RangeError);
  });
});
