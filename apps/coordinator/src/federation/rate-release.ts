import { coordinatesKey, rateEstimate, rateMethod, ReleasedEstimates, RememberedCell } from '@bfa/disclosure';
import { Catalog, denominatorSpec, numeratorSpec } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { hiddenByRule } from './mean-release';
import { LedgerBasis } from './release-ledger';
import { MagnitudeLeaf, ProtectedRelease, protectRelease, ReleasePolicy } from './release-table';

export interface ProtectedRateRelease extends ProtectedRelease {
  estimates: ReleasedEstimates;
  /** The denominators' true counts and whether each was published: the population dataset's ledger remembers them. */
  denominators: RememberedCell[];
}

/**
 * A rate publishes two counts per cell, each over its own dataset: the denominators are protected as a count query
 * of the population (frequency rule, complements, the ledger of the population's earlier releases), then the
 * numerators likewise with every denominator the first pass hid hidden too. The final pattern, a superset of both,
 * hides a cell's numerator, denominator and rate together: a rate is published only where both its counts are.
 */
export async function protectRateRelease(
  catalog: Catalog,
  spec: QuerySpec,
  numerators: MagnitudeLeaf[],
  denominators: number[],
  minCellSize: number,
  ledger: { earlier: LedgerBasis[]; earlierDenominators: LedgerBasis[]; contributedBy: string[] },
  policy: ReleasePolicy = {},
): Promise<ProtectedRateRelease> {
  const { earlier, earlierDenominators, contributedBy } = ledger;
  const denominatorLeaves = numerators.map(({ coordinates }, i) => ({
    coordinates,
    value: denominators[i],
    contributors: denominators[i],
  }));
  const population = await protectRelease(
    catalog,
    denominatorSpec(spec),
    denominatorLeaves,
    minCellSize,
    { earlier: earlierDenominators, contributedBy },
    policy,
  );
  const counts = await protectRelease(
    catalog,
    numeratorSpec(spec),
    numerators,
    minCellSize,
    { earlier, contributedBy },
    policy,
    hiddenByRule(population.table),
  );
  const totals = new Map(population.remembered.map((cell) => [cell.key, cell.contributors]));
  const published = new Set(counts.table.cells.filter((c) => !c.suppressed).map((c) => coordinatesKey(c.coordinates)));
  const denominatorCells = population.remembered.map((cell) => ({ ...cell, released: published.has(cell.key) }));
  return { ...counts, estimates: rateEstimates(spec, counts, totals), denominators: denominatorCells };
}

function rateEstimates(
  spec: QuerySpec,
  release: ProtectedRelease,
  denominators: Map<string, number>,
): ReleasedEstimates {
  const { per = 1000, interval = 'wilson' } = spec.measure;
  const numerators = new Map(release.remembered.map((cell) => [cell.key, cell.contributors]));
  const cells = release.table.cells.map((cell) => {
    if (cell.suppressed) return { coordinates: cell.coordinates, suppressed: true };
    const key = coordinatesKey(cell.coordinates);
    const [numerator, count] = [numerators.get(key)!, denominators.get(key)!];
    const estimate = rateEstimate(numerator, count, per, interval);
    return {
      coordinates: cell.coordinates,
      suppressed: false,
      numerator,
      count,
      ...(estimate ? { estimate: estimate.rate, ...(estimate.interval ? { interval: estimate.interval } : {}) } : {}),
    };
  });
  return { method: rateMethod(per, interval), cells };
}
