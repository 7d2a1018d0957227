import { coordinatesKey } from './differencing';
import { LinkedTable } from './linked-table';
import { createModel, InfeasibleError, lpSolver, optimise } from './lp-solver';
import { applyPrimarySuppression } from './primary-suppression';
import { hideCells, withSecondarySuppression } from './protect-linked-table';
import { ProtectedTable, SuppressionRule } from './protected-table';
import { ProtectionPolicy, protectionParameters, protectionRequirements } from './protection-levels';
import { cappedRequirement, suppressUnderCaps } from './withheld-caps';
import { cellsOfLeaf, crossTable, Dimension } from './table-builders';

/**
 * A table of counts of which the protector knows some cells only as sums: a combination's grid cells withheld at
 * the source (fewer than k children) were never decrypted one by one, only added up per total.
 */
export interface WithheldTable {
  dimensions: Dimension[];
  /** Grid cells: the count, or null if withheld; `bound` is the most a withheld count can be (its children). */
  leaves: { coordinates: Record<string, string | number>; value: number | null; bound: number }[];
  /** Totals: the sum of the count over their withheld grid cells, or null if unknown (withheld itself; `bound` as above). */
  totals: { coordinates: Record<string, string | number>; withheldSum: number | null; bound: number }[];
}

/** The linked table with a stand-in for every withheld count, and which cells the protector does not know. */
export interface WithheldLinkedTable {
  linked: LinkedTable;
  /** Cells (leaves and totals) whose true value is unknown here, with the most each can be. */
  unknown: Map<number, number>;
}

/**
 * Stand-ins for the withheld counts: any counts within their bounds that add up to every known sum (an LP,
 * feasible since the true counts are a solution). The attacker's LPs read published cells only, so the
 * attacker's interval for any cell is the same whatever the stand-ins are: protection checked on this table
 * holds for the true one.
 */
async function standIns(
  table: WithheldTable,
  withheld: number[],
  parts: { cells: number[]; sum: number }[],
): Promise<number[]> {
  if (withheld.length === 0) return [];
  const column = new Map(withheld.map((leaf, i) => [leaf, i]));
  const rows = parts
    .filter((p) => p.cells.length > 0)
    .map((p) => ({
      indices: p.cells.map((leaf) => column.get(leaf)!),
      values: p.cells.map(() => 1),
      lower: p.sum,
      upper: p.sum,
    }));
  const solver = await lpSolver();
  const model = createModel(solver, {
    colLower: withheld.map(() => 0),
    colUpper: withheld.map((leaf) => table.leaves[leaf].bound),
    rows,
  });
  try {
    optimise(solver, model, 'minimize');
    const values = Array.from(model.getSolution().colValue.slice(0, withheld.length), (x: number) => Math.round(x));
    // A transportation problem's vertex is integral; rounding only removes the solver's float noise.
    if (rows.some((row) => row.indices.reduce((s, i) => s + values[i], 0) !== row.lower))
      throw new RangeError('the stand-ins for the withheld cells do not add up');
    return values;
  } catch (error) {
    if (error instanceof InfeasibleError)
      throw new RangeError('the margins contradict the withheld cells: no counts within their bounds add up to them');
    throw error;
  } finally {
    model.dispose();
  }
}

/** The grid and every total as one linked table, withheld counts replaced by stand-ins that keep every known sum. */
export async function linkWithheldTable(table: WithheldTable): Promise<WithheldLinkedTable> {
  const withheld = table.leaves.flatMap((leaf, i) => (leaf.value === null ? [i] : []));
  const leafKeys = table.leaves.map((leaf) => coordinatesKey(leaf.coordinates));
  const under = totalsUnder(table, withheld);
  const parts = table.totals.flatMap((total) =>
    total.withheldSum === null
      ? []
      : [{ cells: under.get(coordinatesKey(total.coordinates)) ?? [], sum: total.withheldSum }],
  );
  const values = await standIns(table, withheld, parts);
  const valueOf = new Map(withheld.map((leaf, i) => [leaf, values[i]]));
  const linked = crossTable(
    table.dimensions,
    table.leaves.map((leaf, i) => ({
      coordinates: leaf.coordinates,
      value: leaf.value ?? valueOf.get(i)!,
      contributors: leaf.value ?? valueOf.get(i)!,
    })),
  );
  const index = new Map(linked.cells.map((cell, i) => [coordinatesKey(cell.coordinates), i]));
  const unknown = new Map<number, number>();
  table.leaves.forEach((leaf, i) => leaf.value === null && unknown.set(index.get(leafKeys[i])!, leaf.bound));
  for (const total of table.totals)
    if (total.withheldSum === null) unknown.set(index.get(coordinatesKey(total.coordinates))!, total.bound);
  return { linked, unknown };
}

/** Per total (by key), the withheld leaves it adds up. */
function totalsUnder(table: WithheldTable, withheld: number[]): Map<string, number[]> {
  const under = new Map<string, number[]>();
  for (const leaf of withheld) {
    for (const cell of cellsOfLeaf(table.dimensions, table.leaves[leaf].coordinates))
      under.set(coordinatesKey(cell), [...(under.get(coordinatesKey(cell)) ?? []), leaf]);
  }
  return under;
}

export interface WithheldProtectionOptions {
  minCellSize: number;
  protection: ProtectionPolicy;
  /** Further cells to hide (differencing with earlier releases), protected like primary cells. */
  alsoHide?: { cells: number[]; rule: SuppressionRule; parameters: Record<string, number> }[];
}

/**
 * The frequency rule on every known count (totals included, zeros too), withheld cells and unknown totals
 * hidden as `withheld`, then complementary suppression: every hidden known count keeps its protection interval,
 * every withheld one an interval of all of 0..k − 1, against the attacker's LPs over every total published and
 * the bound `withheld` itself reveals (fewer than k children, so a count of at most k − 1).
 */
export async function protectWithheldTable(
  { linked, unknown }: WithheldLinkedTable,
  options: WithheldProtectionOptions,
): Promise<ProtectedTable> {
  const { minCellSize } = options;
  // Unknown cells enter the frequency rule with k contributors: they are hidden under their own rule.
  const cells = linked.cells.map((cell, i) => (unknown.has(i) ? { ...cell, contributors: minCellSize } : cell));
  let table = applyPrimarySuppression(cells, { minCellSize });
  const hide = [
    {
      cells: [...unknown.keys()].sort((a, b) => a - b),
      rule: 'withheld' as SuppressionRule,
      parameters: { minCellSize },
    },
    ...(options.alsoHide ?? []),
  ];
  for (const { cells: more, rule, parameters } of hide) {
    const fresh = more.filter((i) => !table.cells[i].suppressed);
    if (fresh.length > 0) table = hideCells(table, fresh, rule, parameters);
  }
  const hidden = table.cells.flatMap((cell, i) => (cell.suppressed ? [i] : []));
  const known = hidden.filter((i) => !unknown.has(i));
  // A withheld cell has fewer than k children, so everyone knows its count is at most k − 1 (withheld-caps.ts).
  const cap = minCellSize - 1;
  const requirements = [
    ...protectionRequirements(linked, known, options.protection),
    ...hidden.filter((i) => unknown.has(i)).map((i) => cappedRequirement(i, linked.cells[i].value, cap)),
  ];
  const secondary = await suppressUnderCaps(linked, [...unknown.keys()], cap, requirements);
  return withSecondarySuppression(table, secondary, protectionParameters(options.protection));
}
