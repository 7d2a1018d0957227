import { LinkedProtectionOptions, ProtectedTable, protectLinkedTable } from '@bfa/disclosure';

type HiddenCells = NonNullable<LinkedProtectionOptions['alsoHide']>[number];
import { CombinationCell } from '../result';
import { cocktailEstimates, CocktailEstimates } from './cocktail-estimates';
import { CocktailSpec, cocktailTable } from './cocktail-table';

export interface CocktailRelease {
  table: ProtectedTable;
  estimates: CocktailEstimates;
}

/**
 * The frequency rule on every cell of the cocktail table (totals included, zeros too), complementary suppression
 * so that no hidden count can be recomputed from the published totals to within k (or intervalPercent of it),
 * then the estimates from what is released. `alsoHide`: cells the release ledger hides (cocktailTable's order).
 * Nothing here returns an unprotected count.
 */
export async function protectCocktail(
  spec: CocktailSpec,
  cells: readonly CombinationCell[],
  minCellSize: number,
  intervalPercent = 20,
  alsoHide: HiddenCells[] = [],
): Promise<CocktailRelease> {
  const level = { absolute: minCellSize, fraction: intervalPercent / 100 };
  const table = await protectLinkedTable(cocktailTable(spec, cells), {
    minCellSize,
    protection: { upper: level, lower: level },
    alsoHide,
  });
  return { table, estimates: cocktailEstimates(spec, table.cells) };
}
