import { suppressionLegend } from './suppression-legend';

describe('the legend under a release', () => {
  it('gives each rule its mark, how many cells it hid and why, in the order the rules were applied', () => {
    const legend = suppressionLegend({
      rules: [
        { rule: 'primary-frequency', parameters: { minCellSize: 10 }, cells: 4 },
        { rule: 'dominance', parameters: {}, cells: 1 },
        { rule: 'differencing', parameters: { minCellSize: 10, earlierReleases: 2 }, cells: 2 },
        { rule: 'secondary', parameters: {}, cells: 3 },
      ],
      suppressedCells: 10,
      totalCells: 80,
    });
    expect(legend).toEqual([
      'x  primary-frequency: 4 cells hidden, fewer than 10 records in the cell',
      'd  dominance: 1 cell hidden, one or two records make up most of the sum',
      'v  differencing: 2 cells hidden, would reveal fewer than 10 records when subtracted from 2 earlier release(s)',
      's  secondary: 3 cells hidden, hidden as well, so that no suppressed cell can be worked out from the totals',
      '10 of 80 cells suppressed; every other cell is released as shown.',
    ]);
  });

  it('says a rule that hid nothing was checked', () => {
    const legend = suppressionLegend({
      rules: [{ rule: 'differencing', parameters: { minCellSize: 10, earlierReleases: 0 }, cells: 0 }],
      suppressedCells: 0,
      totalCells: 59,
    });
    expect(legend[0]).toBe('v  differencing: checked, no cell hidden');
  });

  it('says so when every cell is suppressed', () => {
    const legend = suppressionLegend({
      rules: [{ rule: 'withheld', parameters: { minCellSize: 10 }, cells: 236 }],
      suppressedCells: 236,
      totalCells: 236,
    });
    expect(legend[1]).toBe('All 236 cells suppressed: no cell could be released.');
  });

  it('says of noise and rounding which cells they changed, with no mark: those cells keep a value', () => {
    const legend = suppressionLegend({
      rules: [{ rule: 'rounding', parameters: { base: 5 }, cells: 12 }],
      suppressedCells: 0,
      totalCells: 12,
    });
    expect(legend[0]).toBe('   rounding: 12 cells, every value rounded to a multiple of 5, totals kept consistent');
    expect(legend[1]).toBe('0 of 12 cells suppressed; every other cell is released as shown.');
  });
});
