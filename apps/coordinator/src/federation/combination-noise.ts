import { combinationMargins, MarginGroup } from '@bfa/combination';
import { coordinatesKey, crossTable, NoiseParameters, noiseDraw, ProtectedTable, ReleasedCell } from '@bfa/disclosure';
import { Catalog, marginDimensions, NoisePolicy } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { MarginLeaf } from './combination-margins';

/**
 * How far one child moves what a combination releases before its totals are summed: a child of a released grid
 * cell moves that cell by 1, a child of a withheld cell moves the withheld sum of every margin its cell is in
 * (5 for wijk × age band: its wijk, gemeente and the region, per age band and Totaal). The L1 sensitivity; the
 * Gaussian uses it too, which overstates its L2 sensitivity (√5) and so adds more noise than it needs.
 */
export function combinationSensitivity(groups: MarginGroup[]): number {
  const margins = new Map<number, number>();
  for (const group of groups) for (const cell of group.cells) margins.set(cell, (margins.get(cell) ?? 0) + 1);
  return Math.max(1, ...margins.values());
}

/**
 * A combination under a noise policy: noise on every released grid cell and on every margin's withheld sum, each
 * draw for the sensitivity above; a total is its noisy released cells plus its noisy withheld sum (post-processing,
 * no further cost), so totals at different levels need not add up exactly. Cells and totals withheld at the source
 * (fewer than k children) stay withheld: that the population holds fewer than k children there is not covered by
 * the noise, as under suppression. The ε (or ρ) was charged at submission to every dataset the query reads.
 */
export function noisyCombinationTable(
  catalog: Catalog,
  spec: QuerySpec,
  leaves: MarginLeaf[],
  withheldSums: (number | null)[],
  noise: NoisePolicy,
  minCellSize: number,
): ProtectedTable {
  const groups = combinationMargins(catalog, spec.groupBy);
  const sensitivity = combinationSensitivity(groups);
  const parameters: NoiseParameters =
    noise.mechanism === 'gaussian'
      ? { rho: noise.rhoPerQuery!, sensitivity }
      : { epsilon: noise.epsilonPerQuery!, sensitivity };
  const noisyLeaves = leaves.map((leaf) => (leaf.count === null ? null : leaf.count + noiseDraw(parameters)));
  const value = new Map<string, number | null>(
    leaves.map((leaf, i) => [coordinatesKey(leaf.coordinates), noisyLeaves[i]]),
  );
  groups.forEach((group, j) => {
    const withheld = withheldSums[j];
    const released = group.cells.reduce((sum, cell) => sum + (noisyLeaves[cell] ?? 0), 0);
    value.set(
      coordinatesKey(group.coordinates),
      withheld === null ? null : released + withheld + noiseDraw(parameters),
    );
  });
  const cells = crossTable(marginDimensions(catalog, spec.groupBy), []).cells.map(({ coordinates }): ReleasedCell => {
    const shown = value.get(coordinatesKey(coordinates)) ?? null;
    return shown === null
      ? { coordinates, value: null, suppressed: true, rule: 'withheld' }
      : { coordinates, value: shown, suppressed: false };
  });
  const withheld = cells.filter((cell) => cell.suppressed).length;
  return {
    cells,
    protection: {
      rules: [
        { rule: 'noise', parameters: { ...parameters }, cells: cells.length - withheld },
        { rule: 'withheld', parameters: { minCellSize }, cells: withheld },
      ],
      suppressedCells: withheld,
      totalCells: cells.length,
    },
  };
}
