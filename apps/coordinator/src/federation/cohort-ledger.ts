import { CombinationCell, cohortTable, protectCohort } from '@bfa/combination';
import { coordinatesKey, ProtectedTable } from '@bfa/disclosure';
import { Catalog, CombinationQuerySpec } from '@bfa/policy';
import { LedgerBasis } from './release-ledger';
import { hiddenByLedger, ProtectedRelease, ReleasePolicy, withLedger } from './release-table';

/**
 * A cohort's arm × outcome table through the release ledger, like any count of its population: an arm is the
 * records of its schools (cellBox), with or without any of the outcomes (cellBoxes, one boolean field per outcome),
 * so two cohorts whose arm lists differ by one school, or a cohort and a plain count by arm, are audited together.
 * Cells the audit names are hidden (`differencing`), complements chosen again, until nothing is given away or the
 * query is refused. The ledger remembers every cell.
 */
export async function protectCohortRelease(
  catalog: Catalog,
  spec: CombinationQuerySpec,
  cells: CombinationCell[],
  minCellSize: number,
  ledger: { earlier: LedgerBasis[]; contributedBy: string[] },
  policy: ReleasePolicy = {},
): Promise<ProtectedRelease> {
  const linked = cohortTable(cells);
  const protect = (differencing: number[]): Promise<ProtectedTable> => {
    const hide = hiddenByLedger(differencing, minCellSize, ledger.earlier.length);
    return protectCohort(cells, minCellSize, policy.protectionInterval, hide);
  };
  const options = { minCellSize, intervalPercent: policy.protectionInterval ?? 20 };
  const table = await withLedger(catalog, spec, linked, ledger, options, protect);
  const remembered = linked.cells.map((cell, i) => ({
    key: coordinatesKey(table.cells[i].coordinates),
    contributors: cell.contributors,
    value: cell.value,
    released: !table.cells[i].suppressed,
  }));
  return { table, remembered };
}
