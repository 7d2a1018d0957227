import { AggregateCell, crossTable, Dimension, flatDimension, hierarchyDimension, ProtectedTable, protectLinkedTable, ProtectionPolicy } from '@bfa/disclosure';
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

/**
 * The released table: the query's grid plus every marginal total (per gemeente and region along wijk),
 * frequency rule on every cell, then complementary suppression so no hidden cell can be worked out from
 * the totals; the pattern is checked with the attacker's LPs before anything is released.
 */
export function protectRelease(catalog: Catalog, groupBy: string[], leaves: AggregateCell[], minCellSize: number): Promise<ProtectedTable> {
  const table = crossTable(releaseDimensions(catalog, groupBy), leaves);
  return protectLinkedTable(table, { minCellSize, protection: protectionPolicy(minCellSize) });
}
