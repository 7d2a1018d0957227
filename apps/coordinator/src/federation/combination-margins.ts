import { linkWithheldTable, protectWithheldTable, WithheldLinkedTable } from '@bfa/disclosure';
import { combinationMargins } from '@bfa/combination';
import { Catalog, marginDimensions } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { LedgerBasis } from './release-ledger';
import {
  ProtectedRelease,
  protectionPolicy,
  ReleasePolicy,
  rememberedCounts,
  roundedRelease,
  withLedger,
} from './release-table';

/** A grid cell of a decrypted combination: its count, or null when withheld at the source, and its children of the population. */
export interface MarginLeaf {
  coordinates: Record<string, string | number>;
  count: number | null;
  children: number;
}

/** The grid and its totals, each total's withheld cells known only as the sum the population holder added (null: the total is withheld). */
async function linkedWithMargins(
  catalog: Catalog,
  spec: QuerySpec,
  leaves: MarginLeaf[],
  withheldSums: (number | null)[],
): Promise<WithheldLinkedTable> {
  const groups = combinationMargins(catalog, spec.groupBy);
  if (groups.length !== withheldSums.length)
    throw new Refusal(`the combination has ${withheldSums.length} margins, its grid ${groups.length} totals`);
  const children = (cells: number[]) => cells.reduce((sum, cell) => sum + leaves[cell].children, 0);
  try {
    return await linkWithheldTable({
      dimensions: marginDimensions(catalog, spec.groupBy),
      leaves: leaves.map(({ coordinates, count, children: bound }) => ({ coordinates, value: count, bound })),
      totals: groups.map((group, j) => ({
        coordinates: group.coordinates,
        withheldSum: withheldSums[j],
        bound: children(group.cells),
      })),
    });
  } catch (error) {
    throw new Refusal(`the decrypted combination does not add up: ${(error as Error).message}`);
  }
}

/**
 * A combination's release with its margins: per gemeente and the region along wijk, `Totaal` along age band. A
 * total is its released cells plus the sum over its withheld cells that the population holder added and the
 * key holders decrypted as one number; a total of fewer than k children is withheld. The coordinator never
 * learns a withheld cell's own count, so complementary suppression protects each one for every count it could
 * have (0 up to its children): the attacker's interval must run from 0 to its children + k (withheld-cells.ts).
 * Then the frequency rule, the protection interval of every other hidden count, and the release ledger over the
 * population's dataset, whose cells are the known counts only.
 */
export async function protectCombinationMargins(
  catalog: Catalog,
  spec: QuerySpec,
  leaves: MarginLeaf[],
  withheldSums: (number | null)[],
  minCellSize: number,
  ledger: { earlier: LedgerBasis[]; contributedBy: string[] },
  policy: ReleasePolicy = {},
): Promise<ProtectedRelease> {
  const withheld = await linkedWithMargins(catalog, spec, leaves, withheldSums);
  const { linked, unknown } = withheld;
  const parameters = { minCellSize, earlierReleases: ledger.earlier.length };
  const protect = (differencing: number[]) =>
    protectWithheldTable(withheld, {
      minCellSize,
      protection: protectionPolicy(minCellSize, policy.protectionInterval),
      alsoHide: differencing.length > 0 ? [{ cells: differencing, rule: 'differencing', parameters }] : [],
    });
  const known = (i: number) => !unknown.has(i);
  const table = await withLedger(
    catalog,
    spec,
    linked,
    ledger,
    { minCellSize, intervalPercent: policy.protectionInterval ?? 20 },
    protect,
    known,
  );
  // Controlled rounding of the whole linked table: hidden cells (the withheld ones' stand-ins among them) stay hidden.
  return roundedRelease(linked, table, rememberedCounts(linked, table, known), policy);
}
