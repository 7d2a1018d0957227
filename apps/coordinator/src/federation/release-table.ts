import {
  AggregateCell,
  brokenMagnitudeRule,
  cellsOfLeaf,
  combineBounds,
  controlledRounding,
  coordinatesKey,
  crossTable,
  differencingCells,
  Dimension,
  DominanceBounds,
  flatDimension,
  hierarchyDimension,
  LinkedTable,
  MAGNITUDE_DEFAULTS,
  MagnitudeRule,
  MagnitudeRules,
  noisyLeaves,
  noisyRelease,
  ProtectedTable,
  protectLinkedTable,
  ProtectionPolicy,
  RememberedCell,
} from '@bfa/disclosure';
import { Catalog, cellBox, ledgerDomains, measureOf, NoisePolicy } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';

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
export function protectionPolicy(minCellSize: number, intervalPercent = 20): ProtectionPolicy {
  const level = { absolute: minCellSize, fraction: intervalPercent / 100 };
  return { upper: level, lower: level };
}

/** The platform policy's disclosure settings, with the design's defaults. */
export interface ReleasePolicy {
  rounding?: { base: number };
  magnitudeRules?: { dominance: { k: number }; pPercent: number };
  protectionInterval?: number;
}

function magnitudeRules(policy: ReleasePolicy): MagnitudeRules {
  const rules = policy.magnitudeRules;
  return rules ? { dominanceK: rules.dominance.k / 100, pPercent: rules.pPercent / 100 } : MAGNITUDE_DEFAULTS;
}

/** A leaf of a sum query: its value is the sum, and the bounds on its largest contributions come along. */
export interface MagnitudeLeaf extends AggregateCell {
  dominance?: DominanceBounds;
}

export interface ProtectedRelease {
  table: ProtectedTable;
  /** What the coordinator keeps to check later releases against: contributor counts, never released. */
  remembered: RememberedCell[];
}

/** Cells of the linked table (totals included) that break the dominance or the p% rule. */
function magnitudeBreaches(dimensions: Dimension[], linked: LinkedTable, keys: string[], leaves: MagnitudeLeaf[], rules: MagnitudeRules): Map<MagnitudeRule, number[]> {
  const parts = new Map<string, DominanceBounds[]>();
  for (const leaf of leaves.filter((l) => l.dominance)) {
    for (const cell of cellsOfLeaf(dimensions, leaf.coordinates)) parts.set(coordinatesKey(cell), [...(parts.get(coordinatesKey(cell)) ?? []), leaf.dominance!]);
  }
  const breaches = new Map<MagnitudeRule, number[]>([['dominance', []], ['p-percent', []]]);
  linked.cells.forEach((cell, i) => {
    const rule = parts.has(keys[i]) ? brokenMagnitudeRule(cell.value, combineBounds(parts.get(keys[i])!), rules) : null;
    if (rule) breaches.get(rule)!.push(i);
  });
  return breaches;
}

/**
 * The released table: the query's grid plus every marginal total (per gemeente and region along wijk);
 * the frequency rule on every cell; for sums the dominance and p% rules; cells that would differ from an
 * earlier release over nested records by fewer than k people; then complementary suppression so no hidden
 * cell can be worked out from the totals, checked with the attacker's LPs before anything is released.
 */
export async function protectRelease(
  catalog: Catalog,
  groupBy: string[],
  leaves: MagnitudeLeaf[],
  minCellSize: number,
  earlier: RememberedCell[][],
  policy: ReleasePolicy = {},
): Promise<ProtectedRelease> {
  const dimensions = releaseDimensions(catalog, groupBy);
  const linked = crossTable(dimensions, leaves.map(({ coordinates, value, contributors }) => ({ coordinates, value, contributors })));
  const keys = linked.cells.map((cell) => coordinatesKey(cell.coordinates));
  const rules = magnitudeRules(policy);
  const breaches = magnitudeBreaches(dimensions, linked, keys, leaves, rules);
  const risky = differencingCells(linked.cells.map((cell, i) => ({ key: keys[i], contributors: cell.contributors })), earlier, minCellSize);
  const magnitudeParameters = { n: 2, k: Math.round(rules.dominanceK * 100), p: Math.round(rules.pPercent * 100) };
  const table = await protectLinkedTable(linked, {
    minCellSize,
    protection: protectionPolicy(minCellSize, policy.protectionInterval),
    alsoHide: [
      ...(leaves.some((l) => l.dominance) ? [...breaches].map(([rule, cells]) => ({ rule, cells, parameters: magnitudeParameters })) : []),
      { cells: keys.flatMap((key, i) => (risky.has(key) ? [i] : [])), rule: 'differencing', parameters: { minCellSize, earlierReleases: earlier.length } },
    ],
  });
  const remembered = linked.cells.map((cell, i) => ({ key: keys[i], contributors: cell.contributors, released: !table.cells[i].suppressed }));
  return { table: policy.rounding ? await roundReleased(linked, table, policy.rounding.base) : table, remembered };
}

/** Controlled rounding of the whole table; the released cells show their rounded values, hidden cells stay hidden. */
async function roundReleased(linked: LinkedTable, table: ProtectedTable, base: number): Promise<ProtectedTable> {
  const rounded = await controlledRounding(linked, base);
  const cells = table.cells.map((cell, i) => (cell.suppressed ? cell : { ...cell, value: rounded[i] }));
  const released = cells.filter((c) => !c.suppressed).length;
  return { cells, protection: { ...table.protection, rules: [...table.protection.rules, { rule: 'rounding', parameters: { base }, cells: released }] } };
}

/**
 * Under a noise policy: discrete Laplace noise on the query's grid cells (sensitivity 1 for a count, the
 * field's max for a sum), totals summed from the noisy cells, nothing suppressed. The ε was charged to the
 * analyst's budget when the query was submitted.
 */
export function noisyReleaseTable(catalog: Catalog, spec: QuerySpec, leaves: AggregateCell[], noise: NoisePolicy): ProtectedTable {
  const sensitivity = spec.measure.kind === 'sum' ? catalog.datasets[spec.dataset].fields[spec.measure.field!].max ?? 1 : 1;
  const parameters = { epsilon: noise.epsilonPerQuery, sensitivity };
  const noisy = noisyLeaves(leaves, parameters);
  const linked = crossTable(releaseDimensions(catalog, spec.groupBy), leaves.map((leaf, i) => ({ coordinates: leaf.coordinates, value: noisy[i], contributors: 0 })));
  return noisyRelease(linked.cells, parameters);
}

/** One grid cell of a decrypted combination: its count, or withheld at the source (fewer than k children in the population cell). */
export interface CombinationLeaf {
  coordinates: Record<string, string | number>;
  count: number | null;
}

/**
 * A combination's release: the grid only, without marginal totals, because a cell withheld at the source was
 * never decrypted and a total over it can't be computed (nor released without letting it be derived). Withheld
 * cells are hidden as such; every other cell passes the frequency rule on its count of children (zeros too).
 */
export async function protectCombinationRelease(leaves: CombinationLeaf[], minCellSize: number, policy: ReleasePolicy = {}): Promise<ProtectedTable> {
  // A withheld cell enters with k contributors so that it is hidden under its own rule, not the frequency rule.
  const cells = leaves.map(({ coordinates, count }) => ({ coordinates, value: count ?? 0, contributors: count ?? minCellSize }));
  const linked: LinkedTable = { cells, constraints: [] };
  const withheld = leaves.flatMap((leaf, i) => (leaf.count === null ? [i] : []));
  const table = await protectLinkedTable(linked, {
    minCellSize,
    protection: protectionPolicy(minCellSize, policy.protectionInterval),
    alsoHide: [{ cells: withheld, rule: 'withheld', parameters: { minCellSize } }],
  });
  return policy.rounding ? roundReleased(linked, table, policy.rounding.base) : table;
}
