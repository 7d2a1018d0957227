import { parse } from 'csv-parse/sync';
import { cellLabels } from './cell-labels';
import { cocktailDimensions, cocktailKey } from './cocktail-table';
import { estimatesCsv } from './estimates-csv';
import { releaseCsv } from './release-csv';
import { translate } from './release-i18n';
import { Release } from './release-types';

const base: Omit<Release, 'measure' | 'cells' | 'groupBy'> = {
  queryId: 'q',
  queryHash: 'h',
  dataset: 'youth_care_trajectories',
  filters: [],
  dataHolders: ['sterkhuis', 'gemeente'],
  contributedBy: ['sterkhuis', 'gemeente'],
  keyId: 'k',
  decryptedBy: ['gemeente', 'ggd', 'sterkhuis'],
  minCellSize: 10,
  protection: { rules: [], suppressedCells: 1, totalCells: 3 },
  releasedAt: '2026-11-30T12:00:00.000Z',
};

/** A rate per 1,000 children by wijk: one wijk's numerator hidden, so its rate is too. */
const rate: Release = {
  ...base,
  measure: { kind: 'rate', per: 1000, interval: 'wilson' },
  groupBy: ['wijk'],
  cells: [
    { coordinates: { wijk: 'WK076601' }, value: 12, suppressed: false },
    { coordinates: { wijk: 'WK076602' }, value: null, suppressed: true, rule: 'primary-frequency' },
    { coordinates: { wijk: 'Totaal' }, value: 40, suppressed: false },
  ],
  estimates: {
    method: 'm',
    cells: [
      {
        coordinates: { wijk: 'WK076601' },
        suppressed: false,
        count: 400,
        numerator: 12,
        estimate: 30,
        interval: [17.2345678, 51.9],
      },
      { coordinates: { wijk: 'WK076602' }, suppressed: true },
      {
        coordinates: { wijk: 'Totaal' },
        suppressed: false,
        count: 2000,
        numerator: 40,
        estimate: 20,
        interval: [14.7, 27.1],
      },
    ],
  },
};

const names: Record<string, string> = { WK076601: 'Wijk 01 Dongen', WK076602: "Wijk 02 's-Gravenmoer" };

describe("the estimates' CSV", () => {
  const rows: Record<string, string>[] = parse(
    estimatesCsv(
      rate,
      cellLabels(rate, translate('en'), (code) => names[code]),
    ),
    { columns: true },
  );

  it('has one line per cell with the counts, the estimate and its interval at full precision', () => {
    expect(rows.map((r) => r.wijk)).toEqual(['WK076601', 'WK076602', 'Totaal']);
    expect(rows[0]).toEqual({
      wijk: 'WK076601',
      wijk_label: 'Wijk 01 Dongen (WK076601)',
      count: '400',
      numerator: '12',
      estimate: '30',
      standard_deviation: '',
      lower: '17.2345678',
      upper: '51.9',
      suppressed: 'false',
    });
    expect(rows[2]).toMatchObject({ wijk_label: 'Whole region', estimate: '20', lower: '14.7', upper: '27.1' });
  });

  it('leaves every number of a hidden cell empty, never a 0', () => {
    expect(rows[1]).toEqual({
      wijk: 'WK076602',
      wijk_label: "Wijk 02 's-Gravenmoer (WK076602)",
      count: '',
      numerator: '',
      estimate: '',
      standard_deviation: '',
      lower: '',
      upper: '',
      suppressed: 'true',
    });
  });
});

describe("a cocktail release's keys and CSV", () => {
  const cocktail: Release = {
    ...base,
    measure: { kind: 'count' },
    groupBy: ['age_band'],
    cells: [
      { coordinates: { age_band: '4-11', pattern: '01', outcome: '1' }, value: 14, suppressed: false },
      {
        coordinates: { age_band: '4-11', pattern: '01', outcome: '0' },
        value: null,
        suppressed: true,
        rule: 'secondary',
      },
    ],
    cocktail: { method: 'm', factors: ['laag inkomen', 'ouder in GGZ'], outcome: 'jeugdzorg' },
  };

  it('keys a cell by its grid coordinates, its pattern and its outcome, and writes each as a column', () => {
    expect(cocktail.cells.map((c) => cocktailKey(cocktail, c))).toEqual(['4-11|01|1', '4-11|01|0']);
    expect(cocktailDimensions(cocktail)).toEqual(['age_band', 'pattern', 'outcome']);
    const rows: Record<string, string>[] = parse(
      releaseCsv(
        { ...cocktail, groupBy: cocktailDimensions(cocktail) },
        cellLabels(cocktail, translate('nl'), () => undefined),
      ),
      { columns: true },
    );
    expect(rows.map((r) => [r.pattern, r.outcome, r.value, r.rule])).toEqual([
      ['01', '1', '14', ''],
      ['01', '0', '', 'secondary'],
    ]);
  });
});
