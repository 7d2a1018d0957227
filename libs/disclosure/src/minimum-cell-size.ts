/** Statistics Netherlands' minimum number of persons per released cell. */
export const STATISTICS_NETHERLANDS_MIN_CELL_SIZE = 10;

/** The strictest of the given policy values; a policy may tighten the minimum, never loosen it. */
export function minimumCellSize(...policyValues: (number | undefined)[]): number {
  return Math.max(STATISTICS_NETHERLANDS_MIN_CELL_SIZE, ...policyValues.filter((v): v is number => Number.isFinite(v)));
}
