import { Catalog, isCocktail, recordsOverlap } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { LedgerBasis } from './release-ledger';

/**
 * A cocktail release stored before cocktails entered the ledger: stored with no cell. Its published cells could be
 * read back from the table, but not its hidden ones, whose true counts were never kept, and they are what the ledger
 * protects. So its records are treated conservatively instead of rebuilt: no later release may count any of them.
 */
export function isLegacyCocktail(basis: Pick<LedgerBasis, 'spec' | 'cells'>): boolean {
  return basis.cells.length === 0 && !!basis.spec.combination && isCocktail(basis.spec.combination);
}

/** The refusal of a query that counts records of such a release, or null (another year, another dataset). */
export function legacyCocktailProblem(catalog: Catalog, spec: QuerySpec, earlier: LedgerBasis[]): string | null {
  const legacy = earlier.find((basis) => basis.legacy && recordsOverlap(catalog, basis.spec, spec));
  return legacy
    ? `refused by the release ledger: cocktail release ${legacy.id} of ${spec.dataset} was published before the ledger kept a cocktail's cells, and this query counts some of the same records; its hidden cells can't be audited, so no later release may count them`
    : null;
}
