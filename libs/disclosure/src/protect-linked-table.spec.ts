import { attackerIntervals } from './attacker-intervals';
import { applyPrimarySuppression } from './primary-suppression';
import { protectLinkedTable, withSecondarySuppression } from './protect-linked-table';
import { AggregateCell } from './protected-table';
import { protectionParameters } from './protection-levels';
import { crossTable, flatDimension, hierarchyDimension, twoWayTable } from './table-builders';

const counts = (values: number[][]): AggregateCell[] =>
  values.flatMap((row, r) =>
    row.map((value, c) => ({ coordinates: { wijk: `W${r}`, age: `A${c}` }, value, contributors: value })),
  );
const policy = { upper: { absolute: 10 }, lower: { fraction: 1 } };

describe('protectLinkedTable (frequency rule, then complements)', () => {
  it('releases the 3x3 table with a rectangle hidden and a summary of rules, parameters and counts only', async () => {
    const table = twoWayTable(
      'wijk',
      'age',
      counts([
        [3, 20, 30],
        [25, 40, 15],
        [35, 12, 50],
      ]),
    );
    const released = await protectLinkedTable(table, { minCellSize: 10, protection: policy });
    expect(released.cells.filter((c) => c.rule === 'primary-frequency').map((c) => c.coordinates)).toEqual([
      { wijk: 'W0', age: 'A0' },
    ]);
    expect(released.cells.filter((c) => c.rule === 'secondary')).toHaveLength(3);
    expect(
      released.cells
        .filter((c) => c.suppressed)
        .every((c) => c.value === null && c.coordinates.wijk !== 'Totaal' && c.coordinates.age !== 'Totaal'),
    ).toBe(true);
    expect(released.protection).toEqual({
      rules: [
        { rule: 'primary-frequency', parameters: { minCellSize: 10 }, cells: 1 },
        {
          rule: 'secondary',
          parameters: {
            upperProtectionFraction: 0,
            upperProtectionAbsolute: 10,
            lowerProtectionFraction: 1,
            lowerProtectionAbsolute: 0,
          },
          cells: 3,
        },
      ],
      suppressedCells: 4,
      totalCells: 16,
    });
  });

  it('never changes a released value and leaves no hidden value or contributor count in the output (property)', async () => {
    for (let trial = 0; trial < 15; trial++) {
      const rows = 2 + (trial % 5);
      const values = Array.from({ length: rows }, (_, r) =>
        Array.from({ length: 3 + (trial % 3) }, (_, c) =>
          (r * 7 + c * 13 + trial * 5) % 9 === 0 ? 1 + ((r + c + trial) % 9) : 100000 + 37 * r + 11 * c + trial,
        ),
      );
      const table = twoWayTable('wijk', 'age', counts(values));
      const released = await protectLinkedTable(table, { minCellSize: 10, protection: policy });
      released.cells.forEach((cell, i) => {
        expect(cell.coordinates).toEqual(table.cells[i].coordinates);
        expect(cell.value).toBe(cell.suppressed ? null : table.cells[i].value);
      });
      const output = JSON.stringify(released);
      expect(output).not.toContain('contributors');
      const published = new Set(released.cells.map((c) => c.value));
      for (const hidden of table.cells.filter(
        (_, i) => released.cells[i].suppressed && !published.has(table.cells[i].value),
      )) {
        expect(output).not.toContain(`"value":${hidden.value},`);
      }
      const hidden = released.cells.flatMap((c, i) => (c.suppressed ? [i] : []));
      const primary = released.cells.flatMap((c, i) => (c.rule === 'primary-frequency' ? [i] : []));
      for (const interval of await attackerIntervals(table, hidden, primary)) {
        expect(interval.upper).toBeGreaterThanOrEqual(table.cells[interval.cell].value + 10 - 1e-6);
        expect(interval.lower).toBeLessThanOrEqual(1e-6);
      }
    }
  });

  it('protects a 2-D hierarchical table where a total itself falls under the frequency rule', async () => {
    const gebied = hierarchyDimension('gebied', 'G', { W1: 'G', W2: 'G', B1: 'W1', B2: 'W1', B3: 'W2', B4: 'W2' });
    const values: Record<string, number[]> = { B1: [2, 3], B2: [30, 41], B3: [25, 19], B4: [60, 33] };
    const leaves = Object.entries(values).flatMap(([b, row]) =>
      row.map((value, j) => ({ coordinates: { gebied: b, age: `A${j}` }, value, contributors: value })),
    );
    const table = crossTable([gebied, flatDimension('age', ['A0', 'A1'])], leaves);
    const released = await protectLinkedTable(table, { minCellSize: 10, protection: policy });
    const b1Total = table.cells.findIndex((c) => c.coordinates.gebied === 'B1' && c.coordinates.age === 'Totaal');
    expect(released.cells[b1Total].rule).toBe('primary-frequency');
    expect(released.protection.rules[1].cells).toBeGreaterThanOrEqual(2);
  });

  it('publishes the table as primary suppression left it when nothing is primary', async () => {
    const table = twoWayTable(
      'wijk',
      'age',
      counts([
        [30, 40],
        [50, 60],
      ]),
    );
    const released = await protectLinkedTable(table, { minCellSize: 10, protection: policy });
    expect(released.cells.every((c) => !c.suppressed)).toBe(true);
    expect(released.protection.rules.map((r) => r.cells)).toEqual([0, 0]);
  });
});

describe('withSecondarySuppression', () => {
  it('refuses to mark a primary cell as secondary', () => {
    const primary = applyPrimarySuppression([{ coordinates: { w: 'A' }, value: 3, contributors: 3 }], {
      minCellSize: 10,
    });
    expect(() => withSecondarySuppression(primary, [0], protectionParameters(policy))).toThrow(/already suppressed/);
  });
});
