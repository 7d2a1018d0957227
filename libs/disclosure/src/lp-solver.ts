import loadHighs, { Highs, Model } from 'highs';

/** One linear row: lower <= sum(values[k] * x[indices[k]]) <= upper. */
export interface LinearRow {
  indices: number[];
  values: number[];
  lower: number;
  upper: number;
}

export interface LinearProgram {
  colLower: number[];
  colUpper: number[];
  rows: LinearRow[];
}

let runtime: Promise<Highs> | undefined;

/** HiGHS compiled to WebAssembly, loaded once per process. */
export function lpSolver(): Promise<Highs> {
  return (runtime ??= loadHighs());
}

/** A persistent model, so that repeated solves with new costs or bounds warm-start from the last basis. The caller disposes it. */
export function createModel(solver: Highs, lp: LinearProgram): Model {
  const starts = [0];
  for (const row of lp.rows) starts.push(starts[starts.length - 1] + row.indices.length);
  const model = solver.createModel({
    numCols: lp.colLower.length,
    numRows: lp.rows.length,
    colCost: lp.colLower.map(() => 0),
    colLower: lp.colLower.map((b) => (b === -Infinity ? -solver.infinity : b)),
    colUpper: lp.colUpper.map((b) => (b === Infinity ? solver.infinity : b)),
    rowLower: lp.rows.map((row) => row.lower),
    rowUpper: lp.rows.map((row) => row.upper),
    matrix: {
      format: 'csr',
      numRows: lp.rows.length,
      numCols: lp.colLower.length,
      starts,
      indices: lp.rows.flatMap((row) => row.indices),
      values: lp.rows.flatMap((row) => row.values),
    },
  });
  // Presolve off: warm starts then carry over, and an unbounded LP is reported as unbounded rather than "unbounded or infeasible".
  model.options.set({ output_flag: false, presolve: 'off' });
  return model;
}

/** The optimum of the model's current objective; ±Infinity when unbounded. Throws when infeasible or when the solver gives up. */
export function optimise(solver: Highs, model: Model, sense: 'minimize' | 'maximize'): number {
  model.changeObjectiveSense(solver.constants.objectiveSense[sense]);
  const codes = solver.constants.modelStatus;
  let status = model.run().modelStatus;
  if (status === codes.unknown) {
    // A warm start that has to prove unboundedness now and then ends "unknown"; a cold start settles it.
    model.clearSolver();
    status = model.run().modelStatus;
  }
  if (status === codes.optimal) return model.getObjectiveValue();
  if (status === codes.unbounded) return sense === 'maximize' ? Infinity : -Infinity;
  if (status === codes.infeasible) throw new InfeasibleError();
  throw new Error(`LP solver stopped with model status ${status}`);
}

export class InfeasibleError extends Error {
  constructor() {
    super('linear program is infeasible');
  }
}
