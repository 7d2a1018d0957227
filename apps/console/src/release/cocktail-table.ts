import { Release, ReleasedCell } from './release-types';

/** The cocktail table's middle dimension: the pattern of factors, or how many a child has. */
export const cocktailMiddle = (release: Release) =>
  release.cells.some((c) => c.coordinates.pattern !== undefined) ? 'pattern' : 'factors';

/** The key a cocktail cell is found by in the page (data-cell) and in the test: grid coordinates, pattern or count, outcome. */
export const cocktailKey = (release: Release, cell: ReleasedCell) =>
  [
    ...release.groupBy.map((d) => cell.coordinates[d]),
    cell.coordinates[cocktailMiddle(release)],
    cell.coordinates.outcome ?? '',
  ].join('|');

/** The cocktail table's every dimension (the grid's, the pattern or number of factors, the outcome): the columns of its CSV. */
export const cocktailDimensions = (release: Release) => [
  ...release.groupBy,
  cocktailMiddle(release),
  ...(release.cells.some((c) => c.coordinates.outcome !== undefined) ? ['outcome'] : []),
];
