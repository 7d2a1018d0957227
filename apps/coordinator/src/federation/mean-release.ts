import {
  cellsOfLeaf,
  coordinatesKey,
  MEAN_METHOD,
  meanEstimate,
  ProtectedTable,
  ReleasedEstimates,
  SuppressionRule,
} from '@bfa/disclosure';
import { Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { LedgerBasis } from './release-ledger';
import {
  AlsoHidden,
  hiddenByLedger,
  MagnitudeLeaf,
  ProtectedRelease,
  protectRelease,
  releaseDimensions,
  ReleasePolicy,
} from './release-table';
import { cellBreaches, differenceBreaches, spreadP, spreadTable, unionBreaches, withSpreads } from './spread-rule';

/** A mean query's leaf: the sum as its value, the count as its contributors, and the sum of squares. */
export interface MeanLeaf extends MagnitudeLeaf {
  squares: bigint;
  /** A lower bound on its smallest value (exact with one holder; spread-rule.ts smallestValues); unknown: not checked. */
  smallest?: number;
}

export interface ProtectedMeanRelease extends ProtectedRelease {
  estimates: ReleasedEstimates;
}

/** The count table's hidden cells by the rule that hid them: the sum table hides them too. */
export function hiddenByRule(table: ProtectedTable): AlsoHidden[] {
  const byRule = new Map<SuppressionRule, number[]>();
  table.cells.forEach((cell, i) => cell.suppressed && byRule.set(cell.rule!, [...(byRule.get(cell.rule!) ?? []), i]));
  const parameters = (rule: SuppressionRule) => table.protection.rules.find((r) => r.rule === rule)?.parameters ?? {};
  return [...byRule].map(([rule, cells]) => ({ cells, rule, parameters: parameters(rule) }));
}

/**
 * A mean publishes a count and a sum per cell, so both tables are protected: first the counts as a count query
 * (frequency rule, complements, the ledger's audit with earlier counts), then the sums with every cell the counts hid
 * also hidden (dominance, p%, complements, the ledger with earlier sums) and every cell whose count, mean and SD
 * would bound its largest or smallest value within p% (spread-rule.ts), or a published total whose hidden parts would, until
 * none is left. Hiding more never narrows what an attacker
 * can't pin down, so the final pattern protects the counts too. A cell's mean, SD and interval are published only
 * where its count and sum are.
 */
export async function protectMeanRelease(
  catalog: Catalog,
  spec: QuerySpec,
  leaves: MeanLeaf[],
  minCellSize: number,
  ledger: { earlier: LedgerBasis[]; contributedBy: string[] },
  policy: ReleasePolicy = {},
): Promise<ProtectedMeanRelease> {
  const countLeaves = leaves.map(({ coordinates, contributors }) => ({
    coordinates,
    value: contributors,
    contributors,
  }));
  const counts = await protectRelease(
    catalog,
    { ...spec, measure: { kind: 'count' } },
    countLeaves,
    minCellSize,
    ledger,
    policy,
  );
  const spreads = spreadTable(catalog, spec, leaves);
  const p = spreadP(policy);
  // The SD: a cell, or a published total's hidden parts, whose count, mean and SD bound the largest or the smallest value too closely.
  let spread = cellBreaches(spreads, p);
  let differences: number[] = [];
  for (;;) {
    const hidden: AlsoHidden[] = [
      ...(spread.length > 0
        ? [{ cells: spread, rule: 'p-percent' as const, parameters: { p: Math.round(p * 100), squares: 1 } }]
        : []),
      ...hiddenByLedger(differences, minCellSize, ledger.earlier.length),
    ];
    const sums = await protectRelease(catalog, spec, leaves, minCellSize, ledger, policy, [
      ...hiddenByRule(counts.table),
      ...hidden,
    ]);
    const more = unionBreaches(spreads, sums.table, p).filter((i) => !spread.includes(i));
    const across = differenceBreaches(catalog, spec, spreads, sums.table, ledger, p).filter(
      (i) => !differences.includes(i),
    );
    if (more.length === 0 && across.length === 0)
      return {
        ...sums,
        remembered: withSpreads(sums.remembered, spreads),
        estimates: meanEstimates(catalog, spec, leaves, sums),
      };
    [spread, differences] = [
      [...spread, ...more],
      [...differences, ...across],
    ];
  }
}

/** Each released cell's mean from its true count, sum and sum of squares (totals add their leaves' squares). */
function meanEstimates(
  catalog: Catalog,
  spec: QuerySpec,
  leaves: MeanLeaf[],
  release: ProtectedRelease,
): ReleasedEstimates {
  const dimensions = releaseDimensions(catalog, spec.groupBy);
  const squares = new Map<string, bigint>();
  for (const leaf of leaves) {
    for (const cell of cellsOfLeaf(dimensions, leaf.coordinates))
      squares.set(coordinatesKey(cell), (squares.get(coordinatesKey(cell)) ?? 0n) + leaf.squares);
  }
  const remembered = new Map(release.remembered.map((cell) => [cell.key, cell]));
  const cells = release.table.cells.map((cell) => {
    const key = coordinatesKey(cell.coordinates);
    const truth = remembered.get(key)!;
    if (cell.suppressed) return { coordinates: cell.coordinates, suppressed: true };
    const estimate = meanEstimate({
      count: BigInt(truth.contributors),
      sum: BigInt(truth.value!),
      squares: squares.get(key) ?? 0n,
    });
    if (!estimate) return { coordinates: cell.coordinates, suppressed: false, count: 0 };
    const { mean, standardDeviation, interval } = estimate;
    return {
      coordinates: cell.coordinates,
      suppressed: false,
      count: truth.contributors,
      estimate: mean,
      ...(interval ? { standardDeviation, interval } : {}),
    };
  });
  return { method: MEAN_METHOD, cells };
}
