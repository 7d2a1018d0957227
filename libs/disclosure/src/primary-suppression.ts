import { AggregateCell, ProtectedTable, ReleasedCell } from './protected-table';

/**
 * Frequency rule: a cell with fewer than k contributors is withheld; zero cells too, because a
 * structural zero in a table of persons can disclose. Released cells carry the measure only,
 * never the contributor count.
 */
export function applyPrimarySuppression(cells: AggregateCell[], options: { minCellSize: number }): ProtectedTable {
  const k = options.minCellSize;
  if (!Number.isInteger(k) || k < 1) throw new RangeError('minCellSize must be a positive integer');
  const released = cells.map((cell, i): ReleasedCell => {
    if (!Number.isInteger(cell.contributors) || cell.contributors < 0)
      throw new RangeError(`cell ${i}: contributors must be a non-negative integer`);
    return cell.contributors < k
      ? { coordinates: cell.coordinates, value: null, suppressed: true, rule: 'primary-frequency' }
      : { coordinates: cell.coordinates, value: cell.value, suppressed: false };
  });
  const suppressed = released.filter((cell) => cell.suppressed).length;
  return {
    cells: released,
    protection: {
      rules: [{ rule: 'primary-frequency', parameters: { minCellSize: k }, cells: suppressed }],
      suppressedCells: suppressed,
      totalCells: released.length,
    },
  };
}
