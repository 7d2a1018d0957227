import { assertLinkedTable, LinkedTable } from './linked-table';
import { lpSolver } from './lp-solver';

/**
 * Controlled rounding to base b (zero-restricted): every cell goes to one of the two multiples of b around
 * it (a multiple stays), and every total stays the sum of its rounded parts, so nothing can be undone by
 * adding up. Chosen by a small MIP (HiGHS) that keeps the total rounding distance least. Each cell i is
 * ⌊vᵢ⌋_b + b·yᵢ with yᵢ ∈ {0, 1}; a total t over parts P needs y_t − Σ_P y_p = (Σ_P ⌊v_p⌋_b − ⌊v_t⌋_b) / b.
 * 2-D tables always have such a rounding (Cox 1987); deeper hierarchies nearly always do; when none
 * exists this throws and nothing is released.
 */
export async function controlledRounding(table: LinkedTable, base: number): Promise<number[]> {
  assertLinkedTable(table);
  if (!Number.isInteger(base) || base < 2) throw new RangeError('the rounding base must be an integer of at least 2');
  const floors = table.cells.map((c) => Math.floor(c.value / base) * base);
  const remainders = table.cells.map((c, i) => c.value - floors[i]);
  const solver = await lpSolver();
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const bounds: number[] = [];
  for (const { total, parts } of table.constraints) {
    indices.push(total, ...parts);
    values.push(1, ...parts.map(() => -1));
    starts.push(indices.length);
    bounds.push((parts.reduce((s, p) => s + floors[p], 0) - floors[total]) / base);
  }
  const model = solver.createModel({
    numCols: table.cells.length,
    numRows: table.constraints.length,
    // Rounding up costs b − r, down costs r: minimising Σ y·(b − 2r) minimises the total distance.
    colCost: remainders.map((r) => base - 2 * r),
    colLower: table.cells.map(() => 0),
    colUpper: remainders.map((r) => (r === 0 ? 0 : 1)),
    rowLower: bounds,
    rowUpper: bounds,
    matrix: { format: 'csr', numRows: table.constraints.length, numCols: table.cells.length, starts, indices, values },
    integrality: table.cells.map(() => solver.constants.variableType.integer),
  });
  try {
    model.options.set({ output_flag: false });
    const status = model.run().modelStatus;
    if (status !== solver.constants.modelStatus.optimal)
      throw new Error(`no controlled rounding to base ${base} exists for this table (solver status ${status})`);
    const y = model.getSolution().colValue;
    return floors.map((floor, i) => floor + base * Math.round(y[i]));
  } finally {
    model.dispose?.();
  }
}
