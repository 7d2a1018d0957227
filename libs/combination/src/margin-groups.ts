import { cellsOfLeaf, coordinatesKey, crossTable, Dimension } from '@bfa/disclosure';
import { Catalog, cellGrid, marginDimensions } from '@bfa/policy';

/** The release's dimensions live in @bfa/policy, beside the catalog; kept here for the combination's callers. */
export { marginDimensions };

/** A total of the released table and the grid cells (indices) it adds up. */
export interface MarginGroup {
  coordinates: Record<string, string>;
  cells: number[];
}

/** Every total of the grid's linked table (per gemeente and region along wijk, `Totaal` along the others), in table order. */
export function marginGroups(dimensions: Dimension[], grid: Record<string, string | number>[]): MarginGroup[] {
  const leaves = new Set(grid.map((cell) => coordinatesKey(cell)));
  const groups = new Map<string, MarginGroup>();
  for (const { coordinates } of crossTable(dimensions, []).cells) {
    const key = coordinatesKey(coordinates);
    if (!leaves.has(key)) groups.set(key, { coordinates: coordinates as Record<string, string>, cells: [] });
  }
  grid.forEach((leaf, i) =>
    cellsOfLeaf(dimensions, leaf).forEach((total) => groups.get(coordinatesKey(total))?.cells.push(i)),
  );
  return [...groups.values()];
}

const computed = new WeakMap<Catalog, Map<string, MarginGroup[]>>();

/** The margins of a combination over `groupBy`, as the catalog's grid orders its cells (kept per catalog: every party asks at every step). */
export function combinationMargins(catalog: Catalog, groupBy: string[]): MarginGroup[] {
  const known = computed.get(catalog) ?? new Map<string, MarginGroup[]>();
  computed.set(catalog, known);
  const key = JSON.stringify(groupBy);
  if (!known.has(key)) known.set(key, marginGroups(marginDimensions(catalog, groupBy), cellGrid(catalog, groupBy)));
  return known.get(key)!;
}
