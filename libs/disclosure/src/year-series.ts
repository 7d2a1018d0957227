import { LinkedTable } from './linked-table';
import { AggregateCell } from './protected-table';
import { crossTable, Dimension, flatDimension } from './table-builders';

/** The code of the totals across years, as of every other total. */
export const ACROSS_YEARS = 'Totaal';

/** Which cells of a series are which year's table, and which are the totals across years. Indices into the series' cells. */
export interface YearTables {
  years: { year: string; cells: number[] }[];
  acrossYears: number[];
}

/**
 * A query over several years as one linked system: every year's table with its own margins (as a one-year table
 * has them), tied to the others by the totals across years along `year`. Protecting this one table protects the
 * years together: the attacker's LPs see every year's equations and the totals across them at once.
 */
export function yearSeriesTable(
  dimensions: Dimension[],
  year: string,
  years: (string | number)[],
  leaves: AggregateCell[],
): LinkedTable & YearTables {
  const linked = crossTable([...dimensions, flatDimension(year, years.map(String), ACROSS_YEARS)], leaves);
  return { ...linked, ...yearTables(linked.cells, year) };
}

/** Splits a series' cells (released or not) by their year: one table per year in order of first appearance, and the totals across years. */
export function yearTables(cells: { coordinates: Record<string, string | number> }[], year: string): YearTables {
  const byYear = new Map<string, number[]>();
  const acrossYears: number[] = [];
  cells.forEach((cell, i) => {
    const code = String(cell.coordinates[year]);
    if (code === ACROSS_YEARS) acrossYears.push(i);
    else byYear.set(code, [...(byYear.get(code) ?? []), i]);
  });
  return { years: [...byYear].map(([code, indices]) => ({ year: code, cells: indices })), acrossYears };
}
