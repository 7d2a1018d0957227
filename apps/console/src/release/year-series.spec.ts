import { Release, ReleasedCell } from './release-types';
import { seriesPlaces, seriesPoints, yearRelease, yearTabs } from './year-series';

const cell = (wijk: string, year: string, value: number | null): ReleasedCell =>
  value === null
    ? { coordinates: { wijk, year }, value: null, suppressed: true, rule: 'secondary' }
    : { coordinates: { wijk, year }, value, suppressed: false };

const release = {
  groupBy: ['wijk', 'year'],
  cells: [
    cell('Totaal', '2023', 50),
    cell('Totaal', '2024', 70),
    cell('Totaal', 'Totaal', 120),
    cell('WK076601', '2023', null),
    cell('WK076601', '2024', 33),
    cell('WK076601', 'Totaal', null),
  ],
  series: { dimension: 'year', years: ['2023', '2024'], acrossYears: true },
} as unknown as Release;

describe("the console's series of years", () => {
  it('has a tab per year and one for the totals across years, each its own cells only', () => {
    expect(yearTabs(release.series!)).toEqual(['2023', '2024', 'Totaal']);
    expect(yearRelease(release, '2024').cells.map((c) => c.value)).toEqual([70, 33]);
    expect(yearRelease(release, 'Totaal').cells.map((c) => c.coordinates.wijk)).toEqual(['Totaal', 'WK076601']);
  });

  it('follows a place over the years, a hidden year as a point without a value', () => {
    expect(seriesPlaces(release)).toEqual(['Totaal', 'WK076601']);
    expect(
      seriesPoints(release, 'WK076601', { year: 'Totaal' }).map((p) => [
        p.year,
        p.cell?.value ?? null,
        p.cell?.suppressed,
      ]),
    ).toEqual([
      ['2023', null, true],
      ['2024', 33, false],
    ]);
  });
});
