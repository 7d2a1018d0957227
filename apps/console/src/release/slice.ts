import { isWijk, wijkDimension } from './cell-labels';
import { Release, ReleasedCell, TOTAL } from './release-types';

export type Slice = Record<string, string | number>;

/** What the chart's bars and the map's shapes stand for: the wijken when the table has them, else its first dimension. */
export const categoryOf = (release: Release): string | undefined => wijkDimension(release) ?? release.groupBy[0];

/** A dimension's values in the release's order. */
export const valuesOf = (release: Release, dimension: string) => [
  ...new Set(release.cells.map((c) => c.coordinates[dimension])),
];

/** The value with the most cells shown (the first of equals): a combination's small cells are hidden, so its first age band may show nothing. */
function mostShown(release: Release, dimension: string): string | number {
  const shown = (v: string | number) =>
    release.cells.filter((c) => c.coordinates[dimension] === v && !c.suppressed).length;
  return valuesOf(release, dimension).reduce((best, v) => (shown(v) > shown(best) ? v : best));
}

/** Every other dimension at its total; a combination has none, so there the value with the most cells shown. */
export function defaultSlice(release: Release): Slice {
  const category = categoryOf(release);
  const others = release.groupBy.filter((d) => d !== category);
  return Object.fromEntries(
    others.map((d) => [d, valuesOf(release, d).includes(TOTAL) ? TOTAL : mostShown(release, d)]),
  );
}

/** The cells of one slice, one per category value: wijken only (no gemeente or region totals) along wijk, no total along another dimension. */
export function sliceCells(release: Release, slice: Slice): ReleasedCell[] {
  const category = categoryOf(release);
  if (!category) return release.cells;
  const leaf = category === wijkDimension(release) ? isWijk : (code: string | number) => code !== TOTAL;
  return release.cells.filter(
    (c) => leaf(c.coordinates[category]) && Object.entries(slice).every(([d, v]) => c.coordinates[d] === v),
  );
}
