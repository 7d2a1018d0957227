import { Catalog } from './catalog';
import { cellGrid, cellKey } from './cell-grid';

const catalog = {
  dimensions: { wijk: { label: 'w', values: ['A', 'B', 'C'] }, age_band: { label: 'a', values: ['0-3', '4-11'] } },
} as unknown as Catalog;

describe('cellGrid', () => {
  it('is every combination of the group-by values, in catalog order', () => {
    expect(cellGrid(catalog, ['wijk', 'age_band'])).toEqual([
      { wijk: 'A', age_band: '0-3' },
      { wijk: 'A', age_band: '4-11' },
      { wijk: 'B', age_band: '0-3' },
      { wijk: 'B', age_band: '4-11' },
      { wijk: 'C', age_band: '0-3' },
      { wijk: 'C', age_band: '4-11' },
    ]);
  });

  it('gives each cell a distinct key that ignores other properties', () => {
    const keys = cellGrid(catalog, ['age_band', 'wijk']).map((c) =>
      cellKey({ ...c, contributors: 3 }, ['age_band', 'wijk']),
    );
    expect(new Set(keys).size).toBe(6);
  });
});
