import { Highs, Model } from 'highs';
import { LinkedTable } from './linked-table';
import { createModel, InfeasibleError, optimise } from './lp-solver';

/** Move one cell by `amount` up or down; other cells may follow, within the table's non-negativity. */
export interface PerturbationMove {
  cell: number;
  direction: 'up' | 'down';
  amount: number;
}

/** Cost per unit of flow of a cell of the table: an increase (`up`) and a decrease (`down`). */
export interface FlowCosts {
  up(cell: number): number;
  down(cell: number): number;
}

/** The increase and the decrease of a cell in a perturbation (an LP may do both at once where both are free). */
export interface CellFlow {
  up: number;
  down: number;
}

/**
 * The perturbation LP of complementary suppression over some of the table's cells: columns an increase and a
 * decrease per cell (the decrease at most the cell's value), rows every additivity constraint that involves
 * them, holding for the perturbation. Cells left out stay as they are, so a perturbation found over a block of
 * the table is one of the whole table too: still a table the attacker cannot rule out. Over every cell it is
 * the whole-table LP. One model per block, reused from perturbation to perturbation (warm starts).
 */
export class PerturbationModel {
  private readonly model: Model;
  /** The model's cells, in column order; their decreases follow all their increases. */
  readonly cells: number[];
  private readonly position = new Map<number, number>();

  constructor(
    private readonly solver: Highs,
    private readonly table: LinkedTable,
    cells: Iterable<number>,
  ) {
    this.cells = [...new Set(cells)].sort((a, b) => a - b);
    this.cells.forEach((cell, k) => this.position.set(cell, k));
    const m = this.cells.length;
    const column = (cell: number) => this.position.get(cell);
    const rows = table.constraints
      .map(({ total, parts }) => [...parts.map((cell) => [cell, 1]), [total, -1]])
      .map((terms) => terms.filter(([cell]) => column(cell) !== undefined))
      .filter((terms) => terms.length > 0)
      .map((terms) => ({
        indices: [...terms.map(([cell]) => column(cell)!), ...terms.map(([cell]) => m + column(cell)!)],
        values: [...terms.map(([, sign]) => sign), ...terms.map(([, sign]) => -sign)],
        lower: 0,
        upper: 0,
      }));
    this.model = createModel(solver, {
      colLower: new Array<number>(2 * m).fill(0),
      colUpper: [...this.cells.map(() => Infinity), ...this.cells.map((cell) => table.cells[cell].value)],
      rows,
    });
  }

  has(cell: number): boolean {
    return this.position.has(cell);
  }

  /** The cheapest perturbation over the model's cells: the flow of each cell that carries any, or undefined. */
  cheapest(move: PerturbationMove, costs: FlowCosts): Map<number, CellFlow> | undefined {
    return this.solve(move, () => true, costs);
  }

  /** Any perturbation through the `open` cells only, or undefined if there is none. */
  within(move: PerturbationMove, open: Set<number>): Map<number, CellFlow> | undefined {
    return this.solve(move, (cell) => open.has(cell));
  }

  dispose(): void {
    this.model.dispose();
  }

  private solve(
    move: PerturbationMove,
    open: (cell: number) => boolean,
    costs?: FlowCosts,
  ): Map<number, CellFlow> | undefined {
    const m = this.cells.length;
    const at = this.position.get(move.cell);
    if (at === undefined) return undefined;
    const lower = new Float64Array(2 * m);
    const upper = new Float64Array(2 * m);
    const cost = new Float64Array(2 * m);
    this.cells.forEach((cell, k) => {
      const isOpen = open(cell);
      upper[k] = isOpen ? this.solver.infinity : 0;
      upper[m + k] = isOpen ? this.table.cells[cell].value : 0;
      cost[k] = costs?.up(cell) ?? 0;
      cost[m + k] = costs?.down(cell) ?? 0;
    });
    const [along, against] = move.direction === 'up' ? [at, m + at] : [m + at, at];
    lower[along] = move.amount;
    upper[along] = Math.max(upper[along], move.amount);
    upper[against] = 0;
    const all = { kind: 'range', from: 0, to: 2 * m - 1 } as const;
    this.model.changeColsBounds(all, lower, upper);
    this.model.changeColsCost(all, cost);
    try {
      optimise(this.solver, this.model, 'minimize');
    } catch (error) {
      if (error instanceof InfeasibleError) return undefined;
      throw error;
    }
    const flow = this.model.getSolution().colValue;
    const flows = new Map<number, CellFlow>();
    this.cells.forEach((cell, k) => {
      if (flow[k] + flow[m + k] > 0) flows.set(cell, { up: flow[k], down: flow[m + k] });
    });
    return flows;
  }
}
