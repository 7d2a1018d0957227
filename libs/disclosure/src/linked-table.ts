import { AggregateCell } from './protected-table';

/** The cell at `total` equals the sum of the cells at `parts` (indices into the table's cells). */
export interface AdditivityConstraint {
  total: number;
  parts: number[];
}

/** A table whose cells are tied together by marginal totals: what an attacker solves against. */
export interface LinkedTable {
  cells: AggregateCell[];
  constraints: AdditivityConstraint[];
}

/** Refuses a table an attacker could not hold consistent: negative cells, bad indices, totals that do not add up. */
export function assertLinkedTable(table: LinkedTable): void {
  table.cells.forEach((cell, i) => {
    if (!Number.isFinite(cell.value) || cell.value < 0)
      throw new RangeError(`cell ${i}: value must be a finite non-negative number`);
  });
  table.constraints.forEach((constraint, c) => {
    const indices = [constraint.total, ...constraint.parts];
    if (indices.some((i) => !Number.isInteger(i) || i < 0 || i >= table.cells.length))
      throw new RangeError(`constraint ${c}: cell index out of range`);
    if (new Set(indices).size !== indices.length) throw new RangeError(`constraint ${c}: a cell appears twice`);
    const sum = constraint.parts.reduce((s, i) => s + table.cells[i].value, 0);
    if (Math.abs(sum - table.cells[constraint.total].value) > 1e-9 * Math.max(1, sum))
      throw new RangeError(`constraint ${c}: parts do not add up to the total`);
  });
}
