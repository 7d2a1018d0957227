import { LedgerCell, LedgerRelease, RememberedCell } from '@bfa/disclosure';
import { Catalog, cellBox, measureOf } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';

/** What the coordinator keeps of every release for the ledger: the query and each cell's true amounts. Never returned by any API. */
export interface LedgerBasis {
  id: string;
  spec: QuerySpec;
  cells: RememberedCell[];
  /** The release's published values were rounded to this base. */
  roundingBase?: number;
  /** The data holders whose records are in it (a quorum may leave an offline one out); all of them when not recorded. */
  contributedBy?: string[];
}

/** A remembered release as the ledger's equations. A sum remembered before sums were kept constrains nothing. */
export function ledgerRelease(catalog: Catalog, basis: LedgerBasis): LedgerRelease {
  const known = basis.spec.measure.kind === 'count' || basis.cells.every((c) => c.value !== undefined);
  const cells = basis.cells.map(
    (cell): LedgerCell => ({
      box: cellBox(catalog, basis.spec, Object.fromEntries(JSON.parse(cell.key) as [string, string][]), basis.contributedBy),
      contributors: cell.contributors,
      value: cell.value ?? cell.contributors,
      published: cell.released,
      ...(cell.shown !== undefined ? { shown: cell.shown } : {}),
    }),
  );
  return { id: basis.id, measure: known ? measureOf(basis.spec) : `${measureOf(basis.spec)} (unrecorded)`, cells, roundingBase: basis.roundingBase };
}
