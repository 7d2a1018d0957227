import { randomInt } from 'node:crypto';
import { minimumCellSize } from './minimum-cell-size';
import { applyPrimarySuppression } from './primary-suppression';
import { AggregateCell } from './protected-table';

const cell = (wijk: string, value: number, contributors: number): AggregateCell => ({
  coordinates: { wijk },
  value,
  contributors,
});

describe('primary (frequency) suppression', () => {
  it('withholds cells below k, releases from k on (9 suppressed, 10 released)', () => {
    const table = applyPrimarySuppression([cell('A', 9, 9), cell('B', 10, 10), cell('C', 250, 31)], {
      minCellSize: 10,
    });
    expect(table.cells).toEqual([
      { coordinates: { wijk: 'A' }, value: null, suppressed: true, rule: 'primary-frequency' },
      { coordinates: { wijk: 'B' }, value: 10, suppressed: false },
      { coordinates: { wijk: 'C' }, value: 250, suppressed: false },
    ]);
    expect(table.protection).toEqual({
      rules: [{ rule: 'primary-frequency', parameters: { minCellSize: 10 }, cells: 1 }],
      suppressedCells: 1,
      totalCells: 3,
    });
  });

  it('suppresses zero cells', () => {
    expect(applyPrimarySuppression([cell('A', 0, 0)], { minCellSize: 10 }).cells[0].suppressed).toBe(true);
  });

  it('leaves neither the value nor the contributor count of a suppressed cell anywhere in the output', () => {
    const table = applyPrimarySuppression([cell('A', 777001, 3), cell('B', 5000, 12)], { minCellSize: 10 });
    const output = JSON.stringify(table);
    expect(output).not.toContain('777001');
    expect(output).not.toContain('contributors');
    expect(output).toContain('5000');
  });

  it('holds on random tables: released cells had at least k contributors, suppressed ones fewer (property)', () => {
    for (let trial = 0; trial < 200; trial++) {
      const k = randomInt(10, 25);
      const cells = Array.from({ length: randomInt(1, 40) }, (_, i) =>
        cell(`W${i}`, randomInt(0, 5000), randomInt(0, 40)),
      );
      const table = applyPrimarySuppression(cells, { minCellSize: k });
      table.cells.forEach((released, i) => {
        expect(released.coordinates).toBe(cells[i].coordinates);
        expect(released.suppressed).toBe(cells[i].contributors < k);
        expect(released.value).toBe(released.suppressed ? null : cells[i].value);
      });
      expect(table.protection.suppressedCells).toBe(cells.filter((c) => c.contributors < k).length);
    }
  });

  it.each([0, -1, 2.5, NaN])('refuses minCellSize %p', (k) => {
    expect(() => applyPrimarySuppression([cell('A', 1, 1)], { minCellSize: k })).toThrow(RangeError);
  });

  it.each([-1, 1.5])('refuses contributors %p', (contributors) => {
    expect(() => applyPrimarySuppression([cell('A', 1, contributors)], { minCellSize: 10 })).toThrow(/cell 0/);
  });
});

describe('minimumCellSize', () => {
  it('takes the strictest policy and never goes below 10', () => {
    expect(minimumCellSize()).toBe(10);
    expect(minimumCellSize(5, undefined)).toBe(10);
    expect(minimumCellSize(10, 15, 12)).toBe(15);
  });
});
