import { LinkedTable } from './linked-table';
import { applyPrimarySuppression } from './primary-suppression';
import { ProtectedTable, ReleasedCell, SuppressionRule } from './protected-table';
import { ProtectionPolicy, protectionParameters, protectionRequirements } from './protection-levels';
import { SuppressionCost, suppressSecondary } from './secondary-suppression';

export interface LinkedProtectionOptions {
  minCellSize: number;
  protection: ProtectionPolicy;
  cost?: SuppressionCost;
  /** Cells to hide besides the frequency rule's (dominance, differencing with earlier releases...), protected like primary cells. */
  alsoHide?: { cells: number[]; rule: SuppressionRule; parameters: Record<string, number> }[];
}

/** Frequency rule on every cell (totals included), any further rule, then complementary suppression so no hidden cell can be recomputed from the totals. */
export async function protectLinkedTable(
  table: LinkedTable,
  options: LinkedProtectionOptions,
): Promise<ProtectedTable> {
  let primary = applyPrimarySuppression(table.cells, { minCellSize: options.minCellSize });
  for (const { cells, rule, parameters } of options.alsoHide ?? []) {
    primary = hideCells(
      primary,
      cells.filter((i) => !primary.cells[i].suppressed),
      rule,
      parameters,
    );
  }
  const cells = primary.cells.flatMap((cell, i) => (cell.suppressed ? [i] : []));
  const { secondary } = await suppressSecondary(table, protectionRequirements(table, cells, options.protection), {
    cost: options.cost,
  });
  return withSecondarySuppression(primary, secondary, protectionParameters(options.protection));
}

/** Hides the complementary cells of an already primary-protected table and adds the rule to its summary. */
export function withSecondarySuppression(
  table: ProtectedTable,
  secondary: number[],
  parameters: Record<string, number>,
): ProtectedTable {
  return hideCells(table, secondary, 'secondary', parameters);
}

/** Hides more cells under one rule, and says so (with the rule's parameters, never a value) in the summary. */
export function hideCells(
  table: ProtectedTable,
  indices: number[],
  rule: SuppressionRule,
  parameters: Record<string, number>,
): ProtectedTable {
  const hide = new Set(indices);
  const cells = table.cells.map((cell, i): ReleasedCell => {
    if (!hide.has(i)) return cell;
    if (cell.suppressed) throw new RangeError(`cell ${i} is already suppressed`);
    return { coordinates: cell.coordinates, value: null, suppressed: true, rule };
  });
  return {
    cells,
    protection: {
      rules: [...table.protection.rules, { rule, parameters, cells: hide.size }],
      suppressedCells: table.protection.suppressedCells + hide.size,
      totalCells: cells.length,
    },
  };
}
