import { CocktailEstimates, CombinationCell, cocktailTable, protectCocktail } from '@bfa/combination';
import { coordinatesKey, ProtectedTable } from '@bfa/disclosure';
import { Catalog, cellBoxes, CombinationQuerySpec } from '@bfa/policy';
import { cocktailCoordinates, cocktailSpecOf } from './cocktail-release';
import { LedgerBasis } from './release-ledger';
import { hiddenByLedger, ProtectedRelease, ReleasePolicy, withLedger } from './release-table';

export interface ProtectedCocktailRelease extends ProtectedRelease {
  estimates: CocktailEstimates;
}

/**
 * A cocktail table through the release ledger, like any count of its population: each cell is the children of its
 * grid cell (the total: of the released grid cells) with its pattern of factors (or number of them) and outcome,
 * as a union of boxes over one boolean field per factor (cellBoxes), so a pattern table, an outcomeByCount table and
 * an "at least m" count over the same children are differenced against each other and against plain counts. Cells
 * the audit names are hidden (`differencing`), complements chosen again, until nothing is given away or the query is
 * refused. Released coordinates are the query's dimensions (cocktailCoordinates); the ledger remembers every cell.
 */
export async function protectCocktailRelease(
  catalog: Catalog,
  spec: CombinationQuerySpec,
  cells: CombinationCell[],
  minCellSize: number,
  ledger: { earlier: LedgerBasis[]; contributedBy: string[] },
  policy: ReleasePolicy = {},
): Promise<ProtectedCocktailRelease> {
  const cocktail = cocktailSpecOf(catalog, spec);
  const linked = cocktailTable(cocktail, cells);
  const released = cells
    .filter((cell) => !cell.withheld)
    .map((cell) => cocktailCoordinates(spec.groupBy, { cell: cell.cell }));
  let estimates: CocktailEstimates | undefined;
  const protect = async (differencing: number[]): Promise<ProtectedTable> => {
    const hide = hiddenByLedger(differencing, minCellSize, ledger.earlier.length);
    const result = await protectCocktail(cocktail, cells, minCellSize, policy.protectionInterval, hide);
    estimates = result.estimates;
    return result.table;
  };
  const boxesOf = (coordinates: Record<string, string | number>) =>
    cellBoxes(catalog, spec, cocktailCoordinates(spec.groupBy, coordinates), ledger.contributedBy, released);
  const options = { minCellSize, intervalPercent: policy.protectionInterval ?? 20 };
  const table = await withLedger(catalog, spec, linked, ledger, options, protect, undefined, boxesOf);
  const shown = {
    ...table,
    cells: table.cells.map((cell) => ({ ...cell, coordinates: cocktailCoordinates(spec.groupBy, cell.coordinates) })),
  };
  const remembered = linked.cells.map((cell, i) => ({
    key: coordinatesKey(shown.cells[i].coordinates),
    contributors: cell.contributors,
    value: cell.value,
    released: !table.cells[i].suppressed,
  }));
  return { table: shown, remembered, estimates: estimates! };
}
