import { Catalog, DimensionValue } from './catalog';

export type CellCoordinates = Record<string, DimensionValue>;

/**
 * The fixed grid of a query: every combination of its group-by dimensions' catalog values, in catalog
 * order, zeros included, so that which cells exist never depends on the data.
 */
export function cellGrid(catalog: Catalog, groupBy: string[]): CellCoordinates[] {
  return groupBy.reduce<CellCoordinates[]>(
    (cells, dimension) => cells.flatMap((cell) => catalog.dimensions[dimension].values.map((v) => ({ ...cell, [dimension]: v }))),
    [{}],
  );
}

export function cellKey(coordinates: CellCoordinates, groupBy: string[]): string {
  return JSON.stringify(groupBy.map((dimension) => coordinates[dimension]));
}
