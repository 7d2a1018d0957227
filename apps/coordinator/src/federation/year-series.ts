import { ACROSS_YEARS, AggregateCell, Dimension, flatDimension, yearTables } from '@bfa/disclosure';
import { admits, Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';

/** The dimension a series runs along. */
export const YEAR = 'year';

/** What a release says of its years (ReleasedTable.series): which cells are which year's table, and whether totals across years are published. */
export interface ReleasedSeries {
  dimension: typeof YEAR;
  /** One table per year, in catalog order: the cells whose `year` is that year, each with its own margins. */
  years: string[];
  /** Cells with `year` = Totaal are the totals across the years. */
  acrossYears: boolean;
}

/** A query grouped by year is released as a series; a combination covers one year and is not one. */
export function isYearSeries(spec: QuerySpec): boolean {
  return spec.groupBy.includes(YEAR) && !spec.combination;
}

/** The catalog's years every filter on year lets through: the series' years. */
export function seriesYears(catalog: Catalog, spec: QuerySpec): (string | number)[] {
  const filters = (spec.filters ?? []).filter((f) => f.field === YEAR);
  return catalog.dimensions[YEAR].values.filter((year) => filters.every((f) => admits(f, year)));
}

/**
 * The release's dimensions with `year` narrowed to the series' years. A year the filters leave out holds only
 * zeros everyone knows of; kept, they would be hidden as small cells and protected by complements for nothing.
 */
export function seriesDimensions(catalog: Catalog, spec: QuerySpec, dimensions: Dimension[]): Dimension[] {
  if (!isYearSeries(spec)) return dimensions;
  const years = seriesYears(catalog, spec).map(String);
  return dimensions.map((d) => (d.name === YEAR ? flatDimension(YEAR, years, ACROSS_YEARS) : d));
}

/** The grid's leaves of the series' years; a leaf of a year the filters leave out must be empty, or the contributions disagree with the query. */
export function seriesLeaves<T extends AggregateCell>(catalog: Catalog, spec: QuerySpec, leaves: T[]): T[] {
  if (!isYearSeries(spec)) return leaves;
  const years = new Set(seriesYears(catalog, spec).map(String));
  const kept = leaves.filter((leaf) => years.has(String(leaf.coordinates[YEAR])));
  if (
    leaves.some((leaf) => !years.has(String(leaf.coordinates[YEAR])) && (leaf.value !== 0 || leaf.contributors !== 0))
  ) {
    throw new Refusal('the aggregate has records in a year the query filters out');
  }
  return kept;
}

/** The series a released table carries, from its cells; none for a query not grouped by year. */
export function releaseSeries(
  spec: QuerySpec,
  cells: { coordinates: Record<string, string | number> }[],
): ReleasedSeries | undefined {
  if (!isYearSeries(spec)) return undefined;
  const { years, acrossYears } = yearTables(cells, YEAR);
  return { dimension: YEAR, years: years.map((y) => y.year), acrossYears: acrossYears.length > 0 };
}
