import { packCells, unpackCells } from '@bfa/crypto';
import { Catalog } from './catalog';
import { contributionLayouts, magnitudeVector, splitMagnitudes } from './contribution-layout';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const catalog = {
  dimensions: { wijk: { label: 'w', values: ['WK01', 'WK02', 'WK03'] } },
  datasets: {
    care: {
      label: 'c',
      holders: ['x', 'y'],
      table: 'care',
      dimensions: ['wijk'],
      maxRecordsPerHolder: 1000,
      fields: { days: { type: 'integer', label: 'd', summable: true, min: 0, max: 366 } },
    },
  },
} as unknown as Catalog;

const spec = (kind: 'count' | 'sum' | 'mean') => ({
  ...DEMO_GROUNDS,
  dataset: 'care',
  measure: kind === 'count' ? { kind } : { kind, field: 'days' },
  groupBy: ['wijk'],
  purpose: 'p',
});

describe('contribution layouts of a mean', () => {
  it('packs count, sum, two largest and the sum of squares, with slots wide enough for records × max² from every holder', () => {
    const layouts = contributionLayouts(catalog, spec('mean'), 1024);
    expect(layouts.magnitudes).toMatchObject({ cells: 15, contributionBound: 1000n * 366n * 366n, contributors: 2 });
    expect(2n ** BigInt(layouts.magnitudes!.slotBits)).toBeGreaterThan(2n * 1000n * 366n * 366n);
    expect(contributionLayouts(catalog, spec('sum'), 1024).magnitudes).toMatchObject({
      cells: 9,
      contributionBound: 1000n * 366n,
    });
    expect(contributionLayouts(catalog, spec('count'), 1024).magnitudes).toBeUndefined();
  });

  it('adds two holders’ full-bound squares without overflow and splits them back into the five parts', () => {
    const layout = contributionLayouts(catalog, spec('mean'), 1024).magnitudes!;
    const full = 1000n * 366n * 366n;
    const part = {
      sums: [1n, 2n, 3n],
      largest: [4n, 5n, 6n],
      secondLargest: [7n, 8n, 9n],
      squares: [full, 0n, full],
      shortfall: [366n, 0n, 1n],
    };
    const packed = packCells(magnitudeVector(part), layout);
    const twice = unpackCells(
      packed.map((p) => 2n * p),
      layout,
    );
    expect(splitMagnitudes(twice, 5)).toEqual({
      sums: [2n, 4n, 6n],
      largest: [8n, 10n, 12n],
      secondLargest: [14n, 16n, 18n],
      squares: [2n * full, 0n, 2n * full],
      shortfall: [732n, 0n, 2n],
    });
  });
});
