import { parse } from 'csv-parse/sync';
import { namesOf } from './catalog-names';
import { estimatesCsv, estimatesTable, WithEstimates } from './estimates-table';

const release: WithEstimates = {
  groupBy: ['wijk'],
  cells: [
    { coordinates: { wijk: 'WK076601' }, suppressed: false },
    { coordinates: { wijk: 'WK076602' }, suppressed: true, rule: 'dominance' },
    { coordinates: { wijk: 'Totaal' }, suppressed: false },
  ],
  estimates: {
    method: 'Mean over the cell’s records.',
    cells: [
      {
        coordinates: { wijk: 'Totaal' },
        suppressed: false,
        count: 40,
        estimate: 12.5,
        standardDeviation: 3.25,
        interval: [11.46, 13.54],
      },
      {
        coordinates: { wijk: 'WK076601' },
        suppressed: false,
        count: 31,
        estimate: 10.123,
        standardDeviation: 2,
        interval: [9.39, 10.86],
      },
      { coordinates: { wijk: 'WK076602' }, suppressed: true },
    ],
  },
};

describe('the estimates of a release, for people and as CSV', () => {
  it('prints each cell’s n, mean, SD and interval with its wijk name, the hidden cell as its rule’s mark, totals last, and the method', () => {
    const lines = estimatesTable(release, namesOf());
    const text = lines.join('\n');
    const row = (code: string) => text.split('\n').find((line) => line.includes(code))!;
    expect(row('WK076601')).toMatch(/Dongen.*31.*10\.12.*2\.00.*9\.39 – 10\.86/);
    expect(row('WK076602')).toMatch(/\bd\b/);
    expect(row('WK076602')).not.toMatch(/\d+\.\d/);
    expect(text.indexOf('WK076601')).toBeLessThan(text.indexOf('regio'));
    expect(lines[lines.length - 1]).toBe('Method: Mean over the cell’s records.');
  });

  it('writes one CSV line per cell, empty where suppressed, that parses back to the released numbers', () => {
    const rows = parse(estimatesCsv(release), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatchObject({
      wijk: 'WK076601',
      suppressed: 'false',
      count: '31',
      estimate: '10.123',
      lower_95: '9.39',
      upper_95: '10.86',
    });
    expect(rows[2]).toMatchObject({ wijk: 'WK076602', suppressed: 'true', count: '', estimate: '', lower_95: '' });
  });

  it('says so when a release has no estimates', () => {
    expect(() => estimatesCsv({ ...release, estimates: undefined })).toThrow(/only mean and rate queries/);
    expect(estimatesTable({ ...release, estimates: undefined }, namesOf())).toEqual([]);
  });
});
