import { Catalog, DimensionValue } from './catalog';

export type CellCoordinates = Record<string, DimensionValue>;

/**
 * The fixed grid of a query: every combination of its group-by dimensions' catalog values, in catalog
 * order, zeros included, so that which cells exist never depends on the data.
 */
export function cellGrid(catalog: Catalog, groupBy: string[]): CellCoordinates[] {
  return groupBy.reduce<CellCoordinates[]>(
    (cells, dimension) =>
      cells.flatMap((cell) => catalog.dimensions[dimension].values.map((v) => ({ ...cell, [dimension]: v }))),
    [{}],
  );
}

export function cellKey(coordinates: CellCoordinates, groupBy: string[]): string {
  return JSON.stringify(groupBy.map((dimension) => coordinates[dimension]));
}

/**
 * The most cells a query's grid may have. Packing is not the limit (about a hundred cells per 2048-bit ciphertext,
 * so 1,000 cells are 10 ciphertexts); the coordinator's complementary suppression is: its LPs over buurt × age band
 * × year (1,752 cells, 3,300 with totals) took 287 s on 2 shared cores, buurt × age band (876) fits in this limit.
 */
export const MAX_GRID_CELLS = 1000;

/** How many cells a grouping has, zeros included. */
export function gridSize(catalog: Catalog, groupBy: string[]): number {
  return groupBy.reduce((n, d) => n * (catalog.dimensions[d]?.values.length ?? 1), 1);
}

export function gridProblems(catalog: Catalog, groupBy: string[]): string[] {
  const cells = gridSize(catalog, groupBy);
  return cells <= MAX_GRID_CELLS
    ? []
    : [
        `grouping by ${groupBy.join(' × ')} gives ${cells} cells; at most ${MAX_GRID_CELLS} (group by fewer or coarser dimensions)`,
      ];
}
