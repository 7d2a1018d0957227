import { assertLinkedTable, LinkedTable } from './linked-table';
import { crossTable, flatDimension, hierarchyDimension, oneWayTable, twoWayTable } from './table-builders';
import { AggregateCell } from './protected-table';

const leaf = (coordinates: Record<string, string>, value: number): AggregateCell => ({
  coordinates,
  value,
  contributors: value,
});
const at = (table: LinkedTable, coordinates: Record<string, string>) =>
  table.cells.findIndex((c) => JSON.stringify(c.coordinates) === JSON.stringify(coordinates));
const thrown = (f: () => void): Error => {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
};
const described = (table: LinkedTable) =>
  table.constraints.map(
    (c) =>
      `${Object.values(table.cells[c.total].coordinates).join('/')} = ${c.parts.map((p) => Object.values(table.cells[p].coordinates).join('/')).join(' + ')}`,
  );

describe('linked table builders', () => {
  it('builds a 1-D table with its grand total', () => {
    const table = oneWayTable('wijk', [leaf({ wijk: 'A' }, 4), leaf({ wijk: 'B' }, 6)]);
    expect(table.cells.map((c) => [c.coordinates.wijk, c.value, c.contributors])).toEqual([
      ['Totaal', 10, 10],
      ['A', 4, 4],
      ['B', 6, 6],
    ]);
    expect(described(table)).toEqual(['Totaal = A + B']);
  });

  it('builds a 2-D table with row, column and grand totals', () => {
    const table = twoWayTable('wijk', 'age', [
      leaf({ wijk: 'A', age: 'young' }, 1),
      leaf({ wijk: 'A', age: 'old' }, 2),
      leaf({ wijk: 'B', age: 'young' }, 3),
      leaf({ wijk: 'B', age: 'old' }, 4),
    ]);
    expect(table.cells).toHaveLength(9);
    expect(table.cells[at(table, { wijk: 'Totaal', age: 'Totaal' })].value).toBe(10);
    expect(table.cells[at(table, { wijk: 'A', age: 'Totaal' })].value).toBe(3);
    expect(table.cells[at(table, { wijk: 'Totaal', age: 'old' })].value).toBe(6);
    expect(described(table).sort()).toEqual(
      [
        'A/Totaal = A/young + A/old',
        'B/Totaal = B/young + B/old',
        'Totaal/Totaal = A/Totaal + B/Totaal',
        'Totaal/Totaal = Totaal/young + Totaal/old',
        'Totaal/old = A/old + B/old',
        'Totaal/young = A/young + B/young',
      ].sort(),
    );
    assertLinkedTable(table);
  });

  it('builds a hierarchy buurt -> wijk -> gemeente with one constraint per parent', () => {
    const gebied = hierarchyDimension('gebied', 'Tilburg', {
      W1: 'Tilburg',
      W2: 'Tilburg',
      B1: 'W1',
      B2: 'W1',
      B3: 'W2',
    });
    const table = crossTable(
      [gebied],
      [leaf({ gebied: 'B1' }, 5), leaf({ gebied: 'B2' }, 7), leaf({ gebied: 'B3' }, 11)],
    );
    expect(table.cells.map((c) => [c.coordinates.gebied, c.value])).toEqual([
      ['Tilburg', 23],
      ['W1', 12],
      ['B1', 5],
      ['B2', 7],
      ['W2', 11],
      ['B3', 11],
    ]);
    expect(described(table)).toEqual(['Tilburg = W1 + W2', 'W1 = B1 + B2', 'W2 = B3']);
  });

  it('crosses a hierarchy with age bands: every level by every band, additive along both', () => {
    const gebied = hierarchyDimension('gebied', 'G', { W1: 'G', W2: 'G', B1: 'W1', B2: 'W1', B3: 'W2' });
    const age = flatDimension('age', ['0-3', '4-12']);
    const leaves = ['B1', 'B2', 'B3'].flatMap((b, i) =>
      ['0-3', '4-12'].map((a, j) => leaf({ gebied: b, age: a }, 10 * i + j + 1)),
    );
    const table = crossTable([gebied, age], leaves);
    expect(table.cells).toHaveLength(6 * 3);
    expect(table.constraints).toHaveLength(3 * 3 + 6); // 3 parents x 3 age levels, 1 age total x 6 area levels
    expect(table.cells[at(table, { gebied: 'W1', age: 'Totaal' })].value).toBe(1 + 2 + 11 + 12);
    assertLinkedTable(table);
  });

  it('fills missing leaf combinations with empty cells', () => {
    const table = twoWayTable('r', 'c', [leaf({ r: 'a', c: 'x' }, 5), leaf({ r: 'b', c: 'y' }, 6)]);
    expect(table.cells[at(table, { r: 'a', c: 'y' })]).toMatchObject({ value: 0, contributors: 0 });
  });

  it('refuses duplicate leaves, unknown or non-leaf codes, and broken hierarchies', () => {
    expect(() => oneWayTable('w', [leaf({ w: 'A' }, 1), leaf({ w: 'A' }, 2)])).toThrow(/duplicate/);
    expect(() => crossTable([flatDimension('w', ['A'])], [leaf({ w: 'B' }, 1)])).toThrow(/not a leaf/);
    expect(() => crossTable([flatDimension('w', ['A'])], [leaf({ w: 'Totaal' }, 1)])).toThrow(/not a leaf/);
    expect(() => hierarchyDimension('g', 'G', { W1: 'G', B1: 'W9' })).toThrow(/do not lead/);
    expect(() => hierarchyDimension('g', 'G', { W1: 'W2', W2: 'W1' })).toThrow(/do not lead/);
  });

  it('assertLinkedTable refuses negative cells and totals that do not add up, without naming values', () => {
    const table = oneWayTable('w', [leaf({ w: 'A' }, 1234567), leaf({ w: 'B' }, 2)]);
    expect(() =>
      assertLinkedTable({ ...table, cells: table.cells.map((c, i) => (i === 1 ? { ...c, value: 1 } : c)) }),
    ).toThrow(/do not add up/);
    expect(() =>
      assertLinkedTable({ ...table, cells: table.cells.map((c, i) => (i === 2 ? { ...c, value: -1 } : c)) }),
    ).toThrow(/non-negative/);
    expect(
      thrown(() =>
        assertLinkedTable({ ...table, cells: table.cells.map((c, i) => (i === 1 ? { ...c, value: 1 } : c)) }),
      ).message,
    ).not.toContain('1234567');
  });
});
