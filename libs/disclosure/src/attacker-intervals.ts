import { Highs } from 'highs';
import { LinkedTable } from './linked-table';
import { createModel, InfeasibleError, LinearRow, lpSolver, optimise } from './lp-solver';
import { lowerReach, ProtectionRequirement } from './protection-levels';

/** The smallest and largest value of a cell over every non-negative table that agrees with what was published. */
export interface AttackerInterval {
  cell: number;
  lower: number;
  upper: number;
}

export interface ProtectionFailure {
  cell: number;
  interval: AttackerInterval;
  requirement: ProtectionRequirement;
}

export interface ProtectionCheck {
  protected: boolean;
  failures: ProtectionFailure[];
  intervals: AttackerInterval[];
}

/**
 * The attacker's LPs: published cells are constants, suppressed cells are variables >= 0, every additivity
 * constraint holds. Min and max per cell, solved per connected group of suppressed cells (cells that share no
 * constraint cannot constrain each other). `of` limits the cells bounded; a published cell is its own interval.
 */
export async function attackerIntervals(
  table: LinkedTable,
  suppressed: Iterable<number>,
  of?: Iterable<number>,
): Promise<AttackerInterval[]> {
  const hidden = new Set(suppressed);
  const targets = [...(of ?? [...hidden].sort((a, b) => a - b))];
  const solver = targets.some((cell) => hidden.has(cell)) ? await lpSolver() : undefined;
  const groups = components(table, hidden);
  const found = new Map<number, AttackerInterval>();
  for (const group of new Set(targets.filter((cell) => hidden.has(cell)).map((cell) => groups.get(cell)!))) {
    for (const interval of solveGroup(solver!, table, group, targets)) found.set(interval.cell, interval);
  }
  return targets.map(
    (cell) => found.get(cell) ?? { cell, lower: table.cells[cell].value, upper: table.cells[cell].value },
  );
}

/** Whether every primary cell's attacker interval reaches its protection level above and below its value. */
export async function checkProtection(
  table: LinkedTable,
  suppressed: Iterable<number>,
  requirements: ProtectionRequirement[],
): Promise<ProtectionCheck> {
  const intervals = await attackerIntervals(
    table,
    suppressed,
    requirements.map((r) => r.cell),
  );
  const failures = requirements
    .map((requirement, i) => ({ cell: requirement.cell, interval: intervals[i], requirement }))
    .filter(({ interval, requirement }) => !meets(interval, requirement, table.cells[requirement.cell].value));
  return { protected: failures.length === 0, failures, intervals };
}

/** LP optima are exact only to the solver's tolerances; a millionth of the amounts involved is no disclosure. */
function meets(interval: AttackerInterval, requirement: ProtectionRequirement, value: number): boolean {
  const slack = 1e-6 * Math.max(1, value + requirement.upper);
  return (
    interval.upper >= value + requirement.upper - slack &&
    interval.lower <= value - lowerReach(requirement, value) + slack
  );
}

/** HiGHS's simplex_strategy for the primal simplex. */
const PRIMAL_SIMPLEX = 4;
/** A solution value this close to zero is zero: well inside the solver's feasibility tolerance. */
const AT_ZERO = 1e-9;

interface Group {
  cells: number[];
  rows: LinearRow[];
}

/** Union-find over suppressed cells that appear together in a constraint; each constraint lands in one group. */
function components(table: LinkedTable, hidden: Set<number>): Map<number, Group> {
  const parent = new Map([...hidden].map((cell) => [cell, cell]));
  const find = (cell: number): number => {
    let root = cell;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(cell, root);
    return root;
  };
  const involved = table.constraints.map((c) => [c.total, ...c.parts].filter((cell) => hidden.has(cell)));
  for (const cells of involved) cells.slice(1).forEach((cell) => parent.set(find(cell), find(cells[0])));
  const groups = new Map<number, Group>();
  for (const cell of [...hidden].sort((a, b) => a - b)) {
    const root = find(cell);
    if (!groups.has(root)) groups.set(root, { cells: [], rows: [] });
    groups.get(root)!.cells.push(cell);
  }
  table.constraints.forEach((constraint, c) => {
    if (involved[c].length > 0)
      groups.get(find(involved[c][0]))!.rows.push(attackerRow(table, constraint.total, constraint.parts, hidden));
  });
  return new Map([...hidden].map((cell) => [cell, groups.get(find(cell))!]));
}

/** sum(hidden parts) - hidden total = published total - sum(published parts), over cell indices (mapped to columns later). */
function attackerRow(table: LinkedTable, total: number, parts: number[], hidden: Set<number>): LinearRow {
  const terms: [number, number][] = [...parts.map((cell): [number, number] => [cell, 1]), [total, -1]];
  const indices: number[] = [];
  const values: number[] = [];
  let rhs = 0;
  for (const [cell, sign] of terms) {
    if (hidden.has(cell)) {
      indices.push(cell);
      values.push(sign);
    } else rhs -= sign * table.cells[cell].value;
  }
  return { indices, values, lower: rhs, upper: rhs };
}

/**
 * Max and min per target, on one model (warm starts). A cell that an optimal solution already put at zero has
 * minimum zero, its lower bound, with that solution for proof: its min LP is not run. With a frequency rule most
 * primary cells can go to zero, so this saves most of the min LPs and changes no interval.
 */
function solveGroup(solver: Highs, table: LinkedTable, group: Group, targets: number[]): AttackerInterval[] {
  const column = new Map(group.cells.map((cell, i) => [cell, i]));
  const rows = group.rows.map((row) => ({ ...row, indices: row.indices.map((cell) => column.get(cell)!) }));
  const model = createModel(solver, {
    colLower: group.cells.map(() => 0),
    colUpper: group.cells.map(() => Infinity),
    rows,
  });
  // Only the objective changes from one LP to the next, so the last optimal basis stays feasible: the primal
  // simplex goes on from it (a few pivots), where HiGHS's default dual simplex would have to start over.
  model.options.set({ simplex_strategy: PRIMAL_SIMPLEX });
  const lowest = new Float64Array(group.cells.length).fill(Infinity);
  const solved = (sense: 'minimize' | 'maximize') => {
    const optimum = optimise(solver, model, sense);
    if (Number.isFinite(optimum)) model.getSolution().colValue.forEach((x, k) => (lowest[k] = Math.min(lowest[k], x)));
    return optimum;
  };
  try {
    return targets
      .filter((cell) => column.has(cell))
      .map((cell) => {
        const k = column.get(cell)!;
        model.changeColCost(k, 1);
        const upper = solved('maximize');
        const lower = lowest[k] <= AT_ZERO ? 0 : Math.max(0, solved('minimize'));
        model.changeColCost(k, 0);
        return { cell, lower, upper };
      });
  } catch (error) {
    if (error instanceof InfeasibleError) throw new RangeError('the published cells contradict the table constraints');
    throw error;
  } finally {
    model.dispose();
  }
}
