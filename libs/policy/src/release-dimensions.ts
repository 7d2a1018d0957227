import { Dimension, flatDimension, hierarchyDimension } from '@bfa/disclosure';
import { Catalog } from './catalog';

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

/**
 * The release's dimensions: wijken roll up into gemeenten and the region, every other dimension into its total. One
 * definition for the coordinator's release table and the combination's margins, so every party derives the same totals.
 */
export function marginDimensions(catalog: Catalog, groupBy: string[]): Dimension[] {
  return groupBy.map((name) => {
    const codes = catalog.dimensions[name].values.map(String);
    return codes.every((code) => CBS_WIJK.test(code))
      ? wijkHierarchy(name, codes)
      : flatDimension(name, codes, MARGIN_TOTAL);
  });
}
