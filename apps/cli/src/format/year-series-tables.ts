import type { ReleasedCell } from '@bfa/disclosure';
import { Names } from './catalog-names';

type Grid = { groupBy: string[]; cells: ReleasedCell[] };

/** One table per year of a series, each under its year, then the totals across the years; the year itself is no longer a column. */
export function seriesTables<G extends Grid>(
  release: G,
  series: { dimension: string; years: string[]; acrossYears: boolean },
  names: Names,
  table: (grid: G, names: Names) => string,
): string {
  const groupBy = release.groupBy.filter((d) => d !== series.dimension);
  const label = names.dimension(series.dimension);
  const of = (year: string): G => ({
    ...release,
    groupBy,
    cells: release.cells.filter((c) => String(c.coordinates[series.dimension]) === year),
  });
  const years = series.years.map(
    (year) => `${label} ${names.value(series.dimension, year)}\n${table(of(year), names)}`,
  );
  const across = series.acrossYears
    ? [`${label}: totals across ${series.years.join(', ')}\n${table(of('Totaal'), names)}`]
    : [];
  return [...years, ...across].join('\n\n');
}
