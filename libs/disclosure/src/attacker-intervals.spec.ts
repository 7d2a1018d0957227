import { attackerIntervals, checkProtection } from './attacker-intervals';
import { LinkedTable } from './linked-table';
import { oneWayTable, twoWayTable } from './table-builders';

const grid = (values: number[][]): LinkedTable =>
  twoWayTable(
    'r',
    'c',
    values.flatMap((row, r) =>
      row.map((value, c) => ({ coordinates: { r: `r${r}`, c: `c${c}` }, value, contributors: value })),
    ),
  );
const cell = (table: LinkedTable, r: number | 'T', c: number | 'T') =>
  table.cells.findIndex(
    (x) => x.coordinates.r === (r === 'T' ? 'Totaal' : `r${r}`) && x.coordinates.c === (c === 'T' ? 'Totaal' : `c${c}`),
  );

describe('attacker intervals', () => {
  const table = grid([
    [3, 20, 30],
    [25, 40, 15],
    [35, 12, 50],
  ]);
  const rectangle = [cell(table, 0, 0), cell(table, 0, 1), cell(table, 2, 0), cell(table, 2, 1)];

  it('pins a lone suppressed cell to its value through the totals', async () => {
    expect(await attackerIntervals(table, [cell(table, 0, 0)])).toEqual([
      { cell: cell(table, 0, 0), lower: 3, upper: 3 },
    ]);
  });

  it('solves a suppressed rectangle as a textbook would: each cell moves by the smallest reach around the cycle', async () => {
    // x00 = 3 + t, x01 = 20 - t, x20 = 35 - t, x21 = 12 + t with -3 <= t <= 20
    const intervals = await attackerIntervals(table, rectangle);
    const byCell = new Map(intervals.map((i) => [i.cell, [i.lower, i.upper].map((v) => Math.round(v * 1e6) / 1e6)]));
    expect(byCell.get(cell(table, 0, 0))).toEqual([0, 23]);
    expect(byCell.get(cell(table, 0, 1))).toEqual([0, 23]);
    expect(byCell.get(cell(table, 2, 0))).toEqual([15, 38]);
    expect(byCell.get(cell(table, 2, 1))).toEqual([9, 32]);
  });

  it('is unbounded above when a cell and its only total are hidden', async () => {
    const oneWay = oneWayTable('w', [
      { coordinates: { w: 'A' }, value: 3, contributors: 3 },
      { coordinates: { w: 'B' }, value: 30, contributors: 30 },
    ]);
    const [interval] = await attackerIntervals(oneWay, [0, 1]);
    expect(interval).toEqual({ cell: 0, lower: 30, upper: Infinity });
  });

  it('gives a published cell its own value, and cells in separate groups do not interact', async () => {
    const intervals = await attackerIntervals(
      table,
      [cell(table, 0, 0), cell(table, 0, 1), cell(table, 2, 2)],
      [cell(table, 1, 1), cell(table, 2, 2)],
    );
    expect(intervals).toEqual([
      { cell: cell(table, 1, 1), lower: 40, upper: 40 },
      { cell: cell(table, 2, 2), lower: 50, upper: 50 },
    ]);
  });

  it('detects an unprotected pattern: only the primary cell suppressed, totals published', async () => {
    const check = await checkProtection(table, [cell(table, 0, 0)], [{ cell: cell(table, 0, 0), upper: 10, lower: 3 }]);
    expect(check.protected).toBe(false);
    expect(check.failures.map((f) => f.cell)).toEqual([cell(table, 0, 0)]);
  });

  it('detects a pattern that hides the cell but leaves too little room (a row pair, columns pinned)', async () => {
    const pair = [cell(table, 0, 0), cell(table, 0, 1)];
    expect((await checkProtection(table, pair, [{ cell: pair[0], upper: 10, lower: 3 }])).protected).toBe(false);
  });

  it('accepts the rectangle for what it can give and no more', async () => {
    const p = cell(table, 0, 0);
    expect((await checkProtection(table, rectangle, [{ cell: p, upper: 20, lower: 3 }])).protected).toBe(true);
    expect((await checkProtection(table, rectangle, [{ cell: p, upper: 21, lower: 3 }])).protected).toBe(false);
  });

  it('caps the lower requirement at the value: the attacker already knows a cell is at least 0', async () => {
    expect(
      (await checkProtection(table, rectangle, [{ cell: cell(table, 0, 0), upper: 10, lower: 10 }])).protected,
    ).toBe(true);
  });
});
