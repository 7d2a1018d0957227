import {
  AggregateCell,
  coordinatesKey,
  crossTable,
  differencingCells,
  Dimension,
  flatDimension,
  hierarchyDimension,
  ProtectedTable,
  protectLinkedTable,
  ProtectionPolicy,
  RememberedCell,
} from '@bfa/disclosure';
import { Catalog } from '@bfa/policy';

/** The code of every total: the region along wijk, all values along any other dimension. */
export const TOTAL = 'Totaal';

const CBS_WIJK = /^WK(\d{4})\d{2}$/;

/** CBS wijk codes are WK + the gemeente's 4 digits + 2: wijken roll up into gemeenten (GMgggg), and those into the region. */
function wijkHierarchy(name: string, codes: string[]): Dimension {
  const parentOf: Record<string, string> = {};
  for (const code of codes) {
    const gemeente = `GM${CBS_WIJK.exec(code)![1]}`;
    parentOf[code] = gemeente;
    parentOf[gemeente] = TOTAL;
  }
  return hierarchyDimension(name, TOTAL, parentOf);
}

export function releaseDimensions(catalog: Catalog, groupBy: string[]): Dimension[] {
  return groupBy.map((name) => {
    const codes = catalog.dimensions[name].values.map(String);
    return codes.every((code) => CBS_WIJK.test(code)) ? wijkHierarchy(name, codes) : flatDimension(name, codes, TOTAL);
  });
}

/**
 * The protection interval a suppressed cell must keep: at least k (so a count can't be pinned near a small
 * number, nor shown to be non-zero) and at least 20% of the value (tau-Argus' usual safety range), above and below.
 */
export function protectionPolicy(minCellSize: number): ProtectionPolicy {
  const level = { absolute: minCellSize, fraction: 0.2 };
  return { upper: level, lower: level };
}

export interface ProtectedRelease {
  table: ProtectedTable;
  /** What the coordinator keeps to check later releases against: contributor counts, never released. */
  remembered: RememberedCell[];
}

/**
 * The released table: the query's grid plus every marginal total (per gemeente and region along wijk),
 * frequency rule on every cell, cells that would differ from an earlier release over a nested population
 * by fewer than k people, then complementary suppression so no hidden cell can be worked out from the
 * totals; the pattern is checked with the attacker's LPs before anything is released.
 */
export async function protectRelease(catalog: Catalog, groupBy: string[], leaves: AggregateCell[], minCellSize: number, earlier: RememberedCell[][]): Promise<ProtectedRelease> {
  const linked = crossTable(releaseDimensions(catalog, groupBy), leaves);
  const keys = linked.cells.map((cell) => coordinatesKey(cell.coordinates));
  const risky = differencingCells(linked.cells.map((cell, i) => ({ key: keys[i], contributors: cell.contributors })), earlier, minCellSize);
  const table = await protectLinkedTable(linked, {
    minCellSize,
    protection: protectionPolicy(minCellSize),
    alsoHide: { cells: keys.flatMap((key, i) => (risky.has(key) ? [i] : [])), rule: 'differencing', parameters: { minCellSize, earlierReleases: earlier.length } },
  });
  const remembered = linked.cells.map((cell, i) => ({ key: keys[i], contributors: cell.contributors, released: !table.cells[i].suppressed }));
  return { table, remembered };
}
