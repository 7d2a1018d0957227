import { cellsOfLeaf, crossTable } from '@bfa/disclosure';
import { Catalog } from './catalog';
import { MARGIN_TOTAL, marginDimensions } from './release-dimensions';

const catalog = {
  dimensions: {
    wijk: { label: 'w', values: ['WK076601', 'WK076602', 'WK078401'] },
    age_band: { label: 'a', values: ['0-3', '4-11'] },
  },
} as unknown as Catalog;

describe("the release's dimensions", () => {
  it('rolls a CBS wijk up into its gemeente and the region, and any other value into its total', () => {
    const dimensions = marginDimensions(catalog, ['wijk', 'age_band']);
    expect(cellsOfLeaf(dimensions, { wijk: 'WK076602', age_band: '4-11' })).toEqual(
      expect.arrayContaining([
        { wijk: 'GM0766', age_band: '4-11' },
        { wijk: MARGIN_TOTAL, age_band: '4-11' },
        { wijk: 'GM0766', age_band: MARGIN_TOTAL },
        { wijk: MARGIN_TOTAL, age_band: MARGIN_TOTAL },
      ]),
    );
  });

  it('gives the table every wijk, gemeente and total once: (3 + 2 + 1) × (2 + 1) cells', () => {
    const cells = crossTable(marginDimensions(catalog, ['wijk', 'age_band']), []).cells;
    expect(cells).toHaveLength(18);
    expect(new Set(cells.map((c) => `${c.coordinates.wijk} ${c.coordinates.age_band}`)).size).toBe(18);
  });

  it('keeps codes that are not CBS wijk codes flat', () => {
    const [wijk] = marginDimensions({ dimensions: { wijk: { values: ['A', 'B'] } } } as unknown as Catalog, ['wijk']);
    expect(crossTable([wijk], []).cells.map((c) => c.coordinates.wijk)).toEqual(
      expect.arrayContaining(['A', 'B', MARGIN_TOTAL]),
    );
    expect(crossTable([wijk], []).cells).toHaveLength(3);
  });
});
