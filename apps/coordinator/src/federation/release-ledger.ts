import { LedgerCell, LedgerRelease, RememberedCell } from '@bfa/disclosure';
import { Catalog, cellBoxes, isCocktail, measureOf } from '@bfa/policy';
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
  /** A cocktail release stored before cocktails entered the ledger, without cells (legacy-cocktails.ts). */
  legacy?: boolean;
}

type Coordinates = Record<string, string | number>;

/** A remembered release as the ledger's equations. A sum remembered before sums were kept constrains nothing. */
export function ledgerRelease(catalog: Catalog, basis: LedgerBasis): LedgerRelease {
  const known = basis.spec.measure.kind === 'count' || basis.cells.every((c) => c.value !== undefined);
  const coordinates = basis.cells.map(
    (cell) => Object.fromEntries(JSON.parse(cell.key) as [string, string][]) as Coordinates,
  );
  const released = releasedGrid(basis.spec, coordinates);
  const cells = basis.cells.map((cell, i): LedgerCell => {
    const [box, ...union] = cellBoxes(catalog, basis.spec, coordinates[i], basis.contributedBy, released);
    return {
      box,
      ...(union.length > 0 ? { union } : {}),
      contributors: cell.contributors,
      value: cell.value ?? cell.contributors,
      published: cell.released,
      ...(cell.shown !== undefined ? { shown: cell.shown } : {}),
    };
  });
  return {
    id: basis.id,
    measure: known ? measureOf(basis.spec) : `${measureOf(basis.spec)} (unrecorded)`,
    cells,
    roundingBase: basis.roundingBase,
  };
}

/** A cocktail release's grid cells (those not withheld at the source): its totals are over these only. */
export function releasedGrid(spec: QuerySpec, coordinates: Coordinates[]): Coordinates[] | undefined {
  if (!spec.combination || !isCocktail(spec.combination)) return undefined;
  const cells = new Map<string, Coordinates>();
  for (const c of coordinates) {
    if (spec.groupBy.some((d) => String(c[d]) === 'Totaal')) continue;
    cells.set(spec.groupBy.map((d) => String(c[d])).join('|'), Object.fromEntries(spec.groupBy.map((d) => [d, c[d]])));
  }
  return [...cells.values()];
}
