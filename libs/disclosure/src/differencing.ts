/** One cell of a release as the coordinator remembers it for later checks: never returned by any API. */
export interface RememberedCell {
  key: string;
  contributors: number;
  released: boolean;
  /** The true measure (a sum's amount; a count's equals contributors). */
  value?: number;
  /** What was published, when it differs from the value (rounded). */
  shown?: number;
  /** A mean's cell: the sum of squares its SD published, and the bounds on its largest and smallest value. */
  squares?: number;
  largest?: number;
  smallest?: number;
}

/**
 * Cells of a new table that, set against the same cell of an earlier release over a nested population
 * (the same table with one filter more or less), would show a group of 1 to k − 1 people by subtraction.
 * Only cells that were released last time matter: a hidden one gives nothing to subtract from.
 */
export function differencingCells(
  current: { key: string; contributors: number }[],
  earlier: RememberedCell[][],
  minCellSize: number,
): Set<string> {
  const risky = new Set<string>();
  for (const release of earlier) {
    const before = new Map(release.filter((c) => c.released).map((c) => [c.key, c.contributors]));
    for (const cell of current) {
      const old = before.get(cell.key);
      if (old === undefined) continue;
      const difference = Math.abs(cell.contributors - old);
      if (difference > 0 && difference < minCellSize) risky.add(cell.key);
    }
  }
  return risky;
}

/** A stable key for a cell's coordinates, whatever order they come in. */
export function coordinatesKey(coordinates: Record<string, string | number>): string {
  return JSON.stringify(
    Object.keys(coordinates)
      .sort()
      .map((name) => [name, String(coordinates[name])]),
  );
}
