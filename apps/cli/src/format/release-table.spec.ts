import { ReleasedCell } from '@bfa/disclosure';
import { namesOf } from './catalog-names';
import { Release, releaseTable } from './release-table';

const cell = (wijk: string, age_band: string, value: number | null, rule?: ReleasedCell['rule']): ReleasedCell =>
  rule
    ? { coordinates: { wijk, age_band }, value: null, suppressed: true, rule }
    : { coordinates: { wijk, age_band }, value, suppressed: false };

const catalog = {
  version: 1,
  region: 'Hart van Brabant',
  dimensions: {
    wijk: { label: 'Wijk (CBS 2014)', values: ['WK076601', 'WK076602'] },
    age_band: { label: 'Leeftijdsklasse', values: ['0-3', '4-11'] },
  },
  datasets: {
    youth_care_trajectories: {
      label: 'Jeugdhulptrajecten',
      holders: ['sterkhuis'],
      maxRecordsPerHolder: 1000,
      table: 't',
      dimensions: ['wijk', 'age_band'],
      fields: {},
    },
  },
};

const release: Release = {
  queryId: 'q-1',
  dataset: 'youth_care_trajectories',
  measure: { kind: 'count' },
  groupBy: ['wijk', 'age_band'],
  minCellSize: 10,
  cells: [
    cell('Totaal', '0-3', 57),
    cell('WK076601', '0-3', null, 'primary-frequency'),
    cell('WK076601', '4-11', 31),
    cell('WK076602', '0-3', null, 'secondary'),
    cell('WK076602', '4-11', 26),
    cell('Totaal', '4-11', 57),
  ],
  protection: {
    rules: [
      { rule: 'primary-frequency', parameters: { minCellSize: 10 }, cells: 1 },
      { rule: 'secondary', parameters: {}, cells: 1 },
    ],
    suppressedCells: 2,
    totalCells: 6,
  },
};

const lines = (text: string) => text.split('\n');
const rowOf = (text: string, code: string) => lines(text).find((line) => line.includes(code))!;
const values = (row: string) =>
  row
    .split('│')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(1);

describe('a released count table for people', () => {
  const text = releaseTable(release, namesOf(catalog));

  it('names every wijk with its CBS code, the dataset and dimensions with the catalog labels', () => {
    expect(lines(text)[0]).toBe('Jeugdhulptrajecten (youth_care_trajectories): number of records');
    expect(text).toContain('Dongen: Wijk 01 Dongen (WK076601)');
    expect(text).toContain("Dongen: Wijk 02 's-Gravenmoer (WK076602)");
    expect(lines(text)[2]).toMatch(/│ Wijk \(CBS 2014\) \\ Leeftijdsklasse +│ 0-3 │ 4-11 │/);
  });

  it("shows each hidden cell as its rule's mark and every released value in its place, totals last", () => {
    expect(values(rowOf(text, 'WK076601'))).toEqual(['x', '31']);
    expect(values(rowOf(text, 'WK076602'))).toEqual(['s', '26']);
    expect(values(rowOf(text, 'Hart van Brabant (regio)'))).toEqual(['57', '57']);
    const rows = lines(text).filter((line) => /WK0766|regio/.test(line));
    expect(rows[rows.length - 1]).toContain('Hart van Brabant (regio)');
  });

  it('ends with a legend: which rule hid how many cells, and the protection summary', () => {
    expect(text).toContain('x  primary-frequency: 1 cell hidden, fewer than 10 records in the cell');
    expect(text).toContain(
      's  secondary: 1 cell hidden, hidden as well, so that no suppressed cell can be worked out from the totals',
    );
    expect(text).toContain('2 of 6 cells suppressed');
  });

  it('without a catalog, shows the codes themselves', () => {
    const bare = releaseTable(release, namesOf());
    expect(lines(bare)[0]).toBe('youth_care_trajectories: number of records');
    expect(bare).toContain('wijk \\ age_band');
    expect(bare).toContain('Dongen: Wijk 01 Dongen (WK076601)');
  });

  it('puts a single dimension down, one row per wijk with its value', () => {
    const byWijk: Release = {
      ...release,
      groupBy: ['wijk'],
      cells: [cell('WK076601', '', 40), cell('WK076602', '', null, 'primary-frequency')].map(
        ({ coordinates, ...rest }) => ({ ...rest, coordinates: { wijk: coordinates.wijk } }),
      ),
    };
    const text = releaseTable(byWijk, namesOf(catalog));
    expect(lines(text)[2]).toMatch(/│ Wijk \(CBS 2014\) +│ value │/);
    expect(values(rowOf(text, 'WK076601'))).toEqual(['40']);
    expect(values(rowOf(text, 'WK076602'))).toEqual(['x']);
  });

  it("leaves out a combination's wijken withheld whole at the source, and says what was counted", () => {
    const combination: Release = {
      ...release,
      combination: { factors: [{ label: 'Jeugdhulp' }, { label: 'Schuldhulp' }], atLeast: 2 },
      cells: [
        cell('WK076601', '0-3', 12),
        cell('WK076601', '4-11', 14),
        cell('WK076602', '0-3', null, 'withheld'),
        cell('WK076602', '4-11', null, 'withheld'),
      ],
      protection: {
        rules: [{ rule: 'withheld', parameters: { minCellSize: 10 }, cells: 2 }],
        suppressedCells: 2,
        totalCells: 4,
      },
    };
    const shown = releaseTable(combination, namesOf(catalog));
    expect(lines(shown)[0]).toContain('children with at least 2 of: Jeugdhulp; Schuldhulp');
    expect(shown).not.toContain('WK076602');
    expect(values(rowOf(shown, 'WK076601'))).toEqual(['12', '14']);
    expect(shown).toContain('-  withheld: 2 cells hidden');
  });
});
