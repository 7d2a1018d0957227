import { categoryOf } from './slice';
import { Release, ReleasedCell, TOTAL } from './release-types';

/** The tabs of a series: each year, then the totals across years when the release has them. */
export const yearTabs = (series: NonNullable<Release['series']>): string[] => [
  ...series.years,
  ...(series.acrossYears ? [TOTAL] : []),
];

/** One year's table of a series (or the totals across years): its cells only, the year no longer a breakdown. */
export function yearRelease(release: Release, year: string): Release {
  const dimension = release.series!.dimension;
  return { ...release, cells: release.cells.filter((c) => String(c.coordinates[dimension]) === year) };
}

/** The values a series can be followed for: the chart's category (wijken, gemeenten, the region), totals first. */
export function seriesPlaces(release: Release): (string | number)[] {
  const category = categoryOf(release);
  const places = [...new Set(release.cells.map((c) => c.coordinates[category!]))];
  return [...places.filter((p) => p === TOTAL), ...places.filter((p) => p !== TOTAL)];
}

/** One point per year of the series for a place, the other breakdowns as the slice has them; a hidden year is a point without a value. */
export function seriesPoints(
  release: Release,
  place: string | number,
  slice: Record<string, string | number>,
): { year: string; cell: ReleasedCell | undefined }[] {
  const { dimension, years } = release.series!;
  const category = categoryOf(release)!;
  const at = (c: ReleasedCell) =>
    c.coordinates[category] === place &&
    Object.entries(slice).every(([d, v]) => d === dimension || c.coordinates[d] === v);
  return years.map((year) => ({
    year,
    cell: release.cells.find((c) => at(c) && String(c.coordinates[dimension]) === year),
  }));
}
