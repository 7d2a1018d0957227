import { cellsOfLeaf, coordinatesKey, crossTable, Dimension, flatDimension, hierarchyDimension } from '@bfa/disclosure';
import { Catalog, cellGrid } from '@bfa/policy';

/** The code of every total: the region along wijk, all values along any other dimension. */
export const MARGIN_TOTAL = 'Totaal';

const CBS_WIJK = /^WK(\d{4})\d{2}$/;

/** CBS wijk codes are WK + the gemeente's 4 digits + 2: wijken roll up into gemeenten (GMgggg), those into the region. */
function wijkHierarchy(name: string, codes: string[]): Dimension {
  const parentOf: Record<string, string> = {};
  for (const code of codes) {
    const gemeente = `GM${CBS_WIJK.exec(code)![1]}`;
    parentOf[code] = gemeente;
    parentOf[gemeente] = MARGIN_TOTAL;
  }
  return hierarchyDimension(name, MARGIN_TOTAL, parentOf);
}

/** The release's dimensions, as the coordinator's release table builds them: every party derives the same margins. */
export function marginDimensions(catalog: Catalog, groupBy: string[]): Dimension[] {
  return groupBy.map((name) => {
    const codes = catalog.dimensions[name].values.map(String);
    return codes.every((code) => CBS_WIJK.test(code))
      ? wijkHierarchy(name, codes)
      : flatDimension(name, codes, MARGIN_TOTAL);
  });
}

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
