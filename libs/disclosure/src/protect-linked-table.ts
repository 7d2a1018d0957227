import { LinkedTable } from './linked-table';
import { applyPrimarySuppression } from './primary-suppression';
import { ProtectedTable, ReleasedCell } from './protected-table';
import { ProtectionPolicy, protectionParameters, protectionRequirements } from './protection-levels';
import { SuppressionCost, suppressSecondary } from './secondary-suppression';

export interface LinkedProtectionOptions {
  minCellSize: number;
  protection: ProtectionPolicy;
  cost?: SuppressionCost;
}

/** Frequency rule on every cell (totals included), then complementary suppression so no primary cell can be recomputed from the totals. */
export async function protectLinkedTable(table: LinkedTable, options: LinkedProtectionOptions): Promise<ProtectedTable> {
  const primary = applyPrimarySuppression(table.cells, { minCellSize: options.minCellSize });
  const cells = primary.cells.flatMap((cell, i) => (cell.suppressed ? [i] : []));
  const { secondary } = await suppressSecondary(table, protectionRequirements(table, cells, options.protection), { cost: options.cost });
  return withSecondarySuppression(primary, secondary, protectionParameters(options.protection));
}

/** Hides the complementary cells of an already primary-protected table and adds the rule to its summary. */
export function withSecondarySuppression(table: ProtectedTable, secondary: number[], parameters: Record<string, number>): ProtectedTable {
  const hide = new Set(secondary);
  const cells = table.cells.map((cell, i): ReleasedCell => {
    if (!hide.has(i)) return cell;
    if (cell.suppressed) throw new RangeError(`cell ${i} is already suppressed`);
    return { coordinates: cell.coordinates, value: null, suppressed: true, rule: 'secondary' };
  });
  return {
    cells,
    protection: {
      rules: [...table.protection.rules, { rule: 'secondary', parameters, cells: hide.size }],
      suppressedCells: table.protection.suppressedCells + hide.size,
      totalCells: cells.length,
    },
  };
}
