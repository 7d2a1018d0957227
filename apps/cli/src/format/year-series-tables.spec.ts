import { ReleasedCell } from '@bfa/disclosure';
import { namesOf } from './catalog-names';
import { Release, releaseTable } from './release-table';

const cell = (wijk: string, year: string, value: number | null, rule?: ReleasedCell['rule']): ReleasedCell =>
  rule
    ? { coordinates: { wijk, year }, value: null, suppressed: true, rule }
    : { coordinates: { wijk, year }, value, suppressed: false };

const catalog = {
  version: 1,
  region: 'Hart van Brabant',
  dimensions: {
    wijk: { label: 'Wijk (CBS 2014)', values: ['WK076601', 'WK076602'] },
    year: { label: 'Jaar', values: [2023, 2024] },
  },
  datasets: {
    youth_care_trajectories: {
      label: 'Jeugdhulptrajecten',
      holders: ['sterkhuis'],
      maxRecordsPerHolder: 1000,
      table: 't',
      dimensions: ['wijk', 'year'],
      fields: {},
    },
  },
};

const release: Release = {
  queryId: 'q-2',
  dataset: 'youth_care_trajectories',
  measure: { kind: 'count' },
  groupBy: ['wijk', 'year'],
  minCellSize: 10,
  cells: [
    cell('Totaal', 'Totaal', 120),
    cell('Totaal', '2023', 50),
    cell('Totaal', '2024', 70),
    cell('WK076601', 'Totaal', null, 'secondary'),
    cell('WK076601', '2023', null, 'primary-frequency'),
    cell('WK076601', '2024', null, 'secondary'),
    cell('WK076602', 'Totaal', null, 'secondary'),
    cell('WK076602', '2023', null, 'secondary'),
    cell('WK076602', '2024', 41),
  ],
  series: { dimension: 'year', years: ['2023', '2024'], acrossYears: true },
  protection: {
    rules: [
      { rule: 'primary-frequency', parameters: { minCellSize: 10 }, cells: 1 },
      { rule: 'secondary', parameters: {}, cells: 4 },
    ],
    suppressedCells: 5,
    totalCells: 9,
  },
};

describe('a series of years in the CLI', () => {
  const text = releaseTable(release, namesOf(catalog as never));
  const section = (title: string) => text.split('\n\n').find((part) => part.includes(title))!;

  it('prints one table per year under its year, then the totals across years, with one legend', () => {
    expect(text.indexOf('Jaar 2023')).toBeGreaterThan(0);
    expect(text.indexOf('Jaar 2024')).toBeGreaterThan(text.indexOf('Jaar 2023'));
    expect(text.indexOf('Jaar: totals across 2023, 2024')).toBeGreaterThan(text.indexOf('Jaar 2024'));
    expect(text.match(/primary-frequency|small cell/gi)?.length ?? 0).toBeGreaterThan(0);
    expect(
      text.split('\n').filter((l) => l.startsWith('Records of') || l.startsWith('Released ')).length,
    ).toBeLessThanOrEqual(2);
  });

  it('sets every table off as a paragraph starting with its year, as a reader (or a script) finds it', () => {
    const sections = text.split('\n\n');
    expect(sections.map((s) => s.split('\n')[0])).toEqual([
      'Jeugdhulptrajecten (youth_care_trajectories): number of records',
      'Jaar 2023',
      'Jaar 2024',
      'Jaar: totals across 2023, 2024',
      expect.stringMatching(/primary-frequency/),
    ]);
    const region = sections
      .find((s) => s.startsWith('Jaar 2024\n'))!
      .split('\n')
      .find((line) => line.includes('Hart van Brabant (regio)'))!;
    expect(
      region
        .split('│')
        .map((s) => s.trim())
        .filter(Boolean)
        .pop(),
    ).toBe('70');
  });

  it("shows each year's own cells only, hidden ones as marks, never a value of another year", () => {
    const of2024 = section('Jaar 2024');
    expect(of2024.split('\n').find((l) => l.includes('WK076602'))).toMatch(/41\s*│?\s*$/);
    expect(of2024).toContain('70');
    expect(of2024).not.toContain('120');
    const of2023 = section('Jaar 2023');
    expect(of2023.split('\n').find((l) => l.includes('WK076601'))).not.toMatch(/\d{2}\s*│?\s*$/);
    expect(of2023).toContain('50');
    expect(section('totals across')).toContain('120');
  });
});
