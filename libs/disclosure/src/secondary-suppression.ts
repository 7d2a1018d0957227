import { Highs } from 'highs';
import { AttackerInterval, checkProtection } from './attacker-intervals';
import { assertLinkedTable, LinkedTable } from './linked-table';
import { lpSolver } from './lp-solver';
import { FlowCosts, PerturbationModel, PerturbationMove } from './perturbation-model';
import { protectionBlocks } from './protection-blocks';
import { lowerReach, ProtectionRequirement } from './protection-levels';

/** What the complements should cost: their total value (totals are dear, small cells cheap) or their number. */
export type SuppressionCost = 'value' | 'cells';

export interface SecondarySuppressionOptions {
  cost?: SuppressionCost;
  /** Give back complements that turn out redundant once the whole pattern stands (default true). */
  prune?: boolean;
  /**
   * A table of more cells is protected block by block of about this many (protectionBlocks), each perturbation
   * within its block, then audited whole (default 1,000). Small LPs instead of one the size of the table.
   */
  blockCells?: number;
}

export interface SecondarySuppression {
  primary: number[];
  /** The complementary cells, in table order. */
  secondary: number[];
  /** The attacker's intervals for the primary cells under the final pattern: audit material, never for release. */
  intervals: AttackerInterval[];
}

/** Thrown when a pattern leaves primary cells narrower than required; names cells by index only. */
export class UnprotectedCellsError extends Error {
  constructor(readonly cells: number[]) {
    super(`suppression pattern leaves ${cells.length} primary cell(s) unprotected: cells ${cells.join(', ')}`);
  }
}

/**
 * An empty cell is a complement of last resort: an attacker often knows a zero for certain (structural zeros,
 * empty categories), and then its slack protects nothing. Weights of other cells lie in (0, 1].
 */
const ZERO_CELL_WEIGHT = 1000;
/** Up to this many cells, one LP over the whole table; beyond, blocks of about this many. */
const BLOCK_CELLS = 1000;
/** Flows below this share of the protection level are solver noise, not a path the attacker could use. */
const SUPPORT = 1e-7;

/**
 * Complementary suppression after Fischetti & Salazar-González. For each primary cell (largest protection
 * first) and each direction, solve the LP for the cheapest (see flowCosts) perturbation of the table that keeps
 * every constraint and every cell non-negative and moves the primary cell by its protection level, cells
 * already suppressed being free. Every cell the perturbation touches is suppressed, so the perturbed table is
 * a solution the attacker cannot rule out: the primary cell's interval reaches the level, and suppressing more
 * never narrows it again. Then complements are given back, dearest first, when every perturbation that used
 * one can be re-routed through the cells still suppressed. The result is audited with the attacker's LPs.
 * A heuristic: the pattern always protects, but need not be the cheapest.
 *
 * Totals are cells like any other: they may be primary, and may be complements, which under 'value' makes
 * them dear. Empty cells are complements of last resort (ZERO_CELL_WEIGHT); an empty primary cell can only be
 * protected upwards, as no table has a negative cell (lowerReach).
 */
export async function suppressSecondary(
  table: LinkedTable,
  requirements: ProtectionRequirement[],
  options: SecondarySuppressionOptions = {},
): Promise<SecondarySuppression> {
  assertLinkedTable(table);
  assertRequirements(table, requirements);
  const suppressed = new Set(requirements.map((r) => r.cell));
  const primary = new Set(suppressed);
  const weights = cellWeights(table, options.cost ?? 'value');
  const run = async (todo: ProtectionRequirement[], support: number, prune: boolean) => {
    if (todo.length === 0) return;
    const pass: Pass = { solver: await lpSolver(), table, weights, suppressed, primary, support, prune };
    const moves = byUrgency(table, todo).flatMap((requirement) => movesOf(table, requirement));
    const size = options.blockCells ?? BLOCK_CELLS;
    const blocks = table.cells.length > size ? protectionBlocks(table, size) : [];
    const witnesses: Witness[] = [];
    const unplaced = new Set(moves);
    for (const block of blocks) {
      const inBlock = new Set(block);
      const mine = moves.filter((move) => inBlock.has(move.cell));
      if (mine.length === 0) continue;
      const done = inModel(pass, block, (model) => {
        const placed = mine.flatMap((move) => witness(pass, model, move) ?? []);
        placed.forEach(({ move }) => unplaced.delete(move));
        return settle(pass, model, placed, placed);
      });
      witnesses.push(...done);
    }
    // Moves with no perturbation inside their block (or every move, for a small table), in urgency order.
    const rest = moves.filter((move) => unplaced.has(move));
    if (rest.length === 0) return;
    inModel(pass, table.cells.keys(), (model) => {
      const placed = rest.map((move) => {
        const found = witness(pass, model, move);
        if (!found) throw new UnprotectedCellsError([move.cell]);
        return found;
      });
      return settle(pass, model, placed, [...witnesses, ...placed]);
    });
  };
  await run(requirements, SUPPORT, options.prune ?? true);
  let check = await checkProtection(table, suppressed, requirements);
  if (!check.protected) {
    await run(
      check.failures.map((f) => f.requirement),
      0,
      false,
    ); // numerical repair: keep every touched cell
    check = await checkProtection(table, suppressed, requirements);
  }
  if (!check.protected) throw new UnprotectedCellsError(check.failures.map((f) => f.cell));
  return {
    primary: [...primary].sort((a, b) => a - b),
    secondary: [...suppressed].filter((cell) => !primary.has(cell)).sort((a, b) => a - b),
    intervals: check.intervals,
  };
}

interface Pass {
  solver: Highs;
  table: LinkedTable;
  weights: number[];
  suppressed: Set<number>;
  primary: Set<number>;
  support: number;
  prune: boolean;
}

type Move = PerturbationMove;

/** A move and the cells its perturbation runs through: while they stay suppressed, the move stays protected. */
interface Witness {
  move: Move;
  support: Set<number>;
}

function inModel<T>(pass: Pass, cells: Iterable<number>, work: (model: PerturbationModel) => T): T {
  const model = new PerturbationModel(pass.solver, pass.table, cells);
  try {
    return work(model);
  } finally {
    model.dispose();
  }
}

function movesOf(table: LinkedTable, requirement: ProtectionRequirement): Move[] {
  const value = table.cells[requirement.cell].value;
  const moves: Move[] = [
    { cell: requirement.cell, direction: 'up', amount: requirement.upper },
    { cell: requirement.cell, direction: 'down', amount: lowerReach(requirement, value) },
  ];
  return moves.filter((move) => move.amount > 0);
}

/** The cheapest perturbation for the move within the model's cells; every cell it touches is suppressed. */
function witness(pass: Pass, model: PerturbationModel, move: Move): Witness | undefined {
  const support = perturb(pass, model, move, false);
  if (!support) return undefined;
  support.forEach((cell) => pass.suppressed.add(cell));
  return { move, support };
}

/**
 * Gives back the complements of the `placed` witnesses that every witness through them (of `all`) can do
 * without, re-routed within the model's cells. Re-routing runs through suppressed cells only, and giving back
 * only ever closes cells, so its LP holds the model's suppressed cells alone: the same LPs, a fraction the size.
 * Returns the placed witnesses.
 */
function settle(pass: Pass, model: PerturbationModel, placed: Witness[], all: Witness[]): Witness[] {
  if (!pass.prune) return placed;
  const candidates = new Set(placed.flatMap((w) => [...w.support]).filter((cell) => !pass.primary.has(cell)));
  if (candidates.size === 0) return placed;
  const hidden = model.cells.filter((cell) => pass.suppressed.has(cell));
  inModel(pass, hidden, (reroute) => giveBack(pass, reroute, all, candidates));
  return placed;
}

/** Dearest first: a complement goes when every move routed through it can be re-routed through the rest. */
function giveBack(pass: Pass, model: PerturbationModel, witnesses: Witness[], among: Set<number>): void {
  const candidates = [...among]
    .filter((cell) => pass.suppressed.has(cell))
    .sort((a, b) => pass.weights[b] - pass.weights[a] || b - a);
  for (const cell of candidates) {
    const affected = witnesses.filter((w) => w.support.has(cell));
    pass.suppressed.delete(cell);
    const rerouted: Set<number>[] = [];
    for (const witness of affected) {
      const support = perturb(pass, model, witness.move, true);
      if (!support) break;
      rerouted.push(support);
    }
    if (rerouted.length < affected.length) pass.suppressed.add(cell);
    else affected.forEach((witness, i) => (witness.support = rerouted[i]));
  }
}

/**
 * The cells a perturbation for the move runs through, or undefined if there is none: the cheapest one over
 * the whole table, or (`within`) any one through the suppressed cells only.
 */
function perturb(pass: Pass, model: PerturbationModel, move: Move, within: boolean): Set<number> | undefined {
  const found = within ? model.within(move, pass.suppressed) : model.cheapest(move, flowCosts(pass, move.amount));
  if (!found) return undefined;
  return new Set([...found].filter(([, { up, down }]) => up + down > pass.support * move.amount).map(([cell]) => cell));
}

/**
 * The LP relaxation of a fixed charge per suppressed cell: a cell's weight spread over the most flow it can
 * carry (the protection level, or less going down a small cell), so a cell carrying all it can costs its weight.
 * Cells already suppressed are free.
 */
function flowCosts({ table, weights, suppressed }: Pass, amount: number): FlowCosts {
  const free = (cell: number, cost: number) => (suppressed.has(cell) ? 0 : cost);
  return {
    up: (cell) => free(cell, weights[cell] / amount),
    down: (cell) => free(cell, weights[cell] / Math.min(amount, table.cells[cell].value || amount)),
  };
}

function cellWeights(table: LinkedTable, cost: SuppressionCost): number[] {
  const top = table.cells.reduce((max, cell) => Math.max(max, cell.value), 0);
  return table.cells.map((cell) => {
    if (cell.value === 0) return ZERO_CELL_WEIGHT;
    // 'cells': one per cell, the smaller value breaking ties; 'value': proportional to value plus one.
    return cost === 'cells' ? 1 + (1e-3 * cell.value) / top : (cell.value + 1) / (top + 1);
  });
}

/** The largest protection first, so later cells can ride on its complements; ties by larger value. */
function byUrgency(table: LinkedTable, requirements: ProtectionRequirement[]): ProtectionRequirement[] {
  const reach = (r: ProtectionRequirement) => Math.max(r.upper, lowerReach(r, table.cells[r.cell].value));
  return [...requirements].sort(
    (a, b) => reach(b) - reach(a) || table.cells[b.cell].value - table.cells[a.cell].value || a.cell - b.cell,
  );
}

function assertRequirements(table: LinkedTable, requirements: ProtectionRequirement[]): void {
  const seen = new Set<number>();
  requirements.forEach(({ cell, upper, lower }, i) => {
    if (!Number.isInteger(cell) || cell < 0 || cell >= table.cells.length)
      throw new RangeError(`requirement ${i}: cell index out of range`);
    if (seen.has(cell)) throw new RangeError(`requirement ${i}: cell ${cell} appears twice`);
    if (![upper, lower].every((level) => Number.isFinite(level) && level >= 0))
      throw new RangeError(`requirement ${i}: protection must be finite and non-negative`);
    seen.add(cell);
  });
}
