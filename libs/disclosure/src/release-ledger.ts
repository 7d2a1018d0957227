import { Highs, Model } from 'highs';
import { atomSystem, BoxSpec, FieldDomain } from './atoms';
import { createModel, InfeasibleError, LinearRow, lpSolver, optimise } from './lp-solver';

/** One cell of a release as the ledger keeps it: which records it counts and its true amounts (never returned by any API). */
export interface LedgerCell {
  box: BoxSpec;
  /** More boxes the cell counts too, when it is a union (a cocktail's pattern set, or its total over released grid cells). */
  union?: BoxSpec[];
  /** The true number of records in the cell. */
  contributors: number;
  /** The true measure: the count, or the sum. */
  value: number;
  published: boolean;
  /** What was published when it differs from the value (rounded). */
  shown?: number;
}

export interface LedgerRelease {
  id: string;
  /** 'count', or the summed field's name: releases of one measure constrain each other's atoms. */
  measure: string;
  cells: LedgerCell[];
  /** Published values were rounded to this base: the attacker knows each true value only within base − 1 of it. */
  roundingBase?: number;
}

export interface LedgerOptions {
  minCellSize: number;
  /** A sum's protection interval as a percentage of its value (at least minCellSize in the sum's units). */
  intervalPercent: number;
}

/** A group of records (atoms no published cell tells apart) an attacker could bound too closely from everything published, why (a clause: "someone …"), and the new release's published cells to hide for it. */
export interface LedgerFailure {
  atoms: number[];
  reason: string;
  cells: number[];
}

export interface LedgerAudit {
  failures: LedgerFailure[];
  /** Earlier releases whose published cells share records with the new one's published cells. */
  overlapping: string[];
}

type Interval = [number, number];

/**
 * The new release and every earlier one over the same records, audited as one linked system. Every cell is a sum
 * of atoms (the finest groups all the releases' filters and grids tell apart, see atomSystem). For each group of
 * atoms the attacker can tell apart, the attacker's min/max LPs over every published cell of the new release's
 * measure, and the coordinator's over every cell's true amount to know whether the group may be small. Counts: a
 * group that may hold fewer than k records keeps a primary cell's protection (see countProblem). Sums: a group whose
 * count may be small keeps the sum's protection interval (max(k, p% of the sum)) on both sides. A union of groups
 * with fewer than k is then not pinned either: each of its groups can reach k more than it holds, so the union can.
 */
export async function auditLedger(
  domains: Record<string, FieldDomain>,
  earlier: LedgerRelease[],
  candidate: LedgerRelease,
  options: LedgerOptions,
): Promise<LedgerAudit> {
  const releases = [...earlier, candidate];
  const boxesOf = (cell: LedgerCell) => [cell.box, ...(cell.union ?? [])];
  const system = atomSystem(
    domains,
    releases.flatMap((r) => r.cells.flatMap(boxesOf)),
  );
  let next = 0;
  const atoms = releases.map((r) => r.cells.map((c) => [...new Set(boxesOf(c).flatMap(() => system.boxes[next++]))]));
  const same = (r: LedgerRelease) => r.measure === candidate.measure;
  const rows = (upTo: number, row: (cell: LedgerCell, atoms: number[], release: LedgerRelease) => LinearRow) =>
    releases
      .slice(0, upTo)
      .flatMap((r, i) => (same(r) ? r.cells.flatMap((c, j) => (c.published ? [row(c, atoms[i][j], r)] : [])) : []));
  const published = (upTo: number) => rows(upTo, (c, a, r) => shownRow(a, c, r.roundingBase));
  // A sum table's published cells also tie its groups' counts together as a count table's would: a small group the
  // structure pins down is pinned for its sum too, however large the sum (a union of groups is not audited by itself).
  const structure = (upTo: number) => rows(upTo, (c, a) => exactRow(a, c.contributors));
  const counts = releases.flatMap((r, i) => r.cells.map((c, j) => exactRow(atoms[i][j], c.contributors)));
  const amounts = releases.flatMap((r, i) => (same(r) ? r.cells.map((c, j) => exactRow(atoms[i][j], c.value)) : []));
  const solver = await lpSolver();
  const sums = candidate.measure !== 'count';
  const attacker = {
    now: new AtomBounds(solver, published(releases.length)),
    before: new AtomBounds(solver, published(earlier.length)),
  };
  const counted = sums
    ? {
        now: new AtomBounds(solver, structure(releases.length)),
        before: new AtomBounds(solver, structure(earlier.length)),
      }
    : attacker;
  const truth = { counts: new AtomBounds(solver, counts), amounts: new AtomBounds(solver, amounts) };
  try {
    const failures: LedgerFailure[] = [];
    const all = published(releases.length);
    const holders = all.map((row) => row.indices).sort((a, b) => a.length - b.length);
    const own = atoms[atoms.length - 1].map((cellAtoms, j) =>
      candidate.cells[j].published ? new Set(cellAtoms) : new Set<number>(),
    );
    const k = options.minCellSize;
    const reached = attacker.now.reachedBy(own.flatMap((mine) => [...mine]));
    for (const group of indistinguishable(all).filter(reached)) {
      await pause();
      const reason =
        (sums ? sumProblem(attacker, truth, group, options) : null) ?? countProblem(counted, truth.counts, group, k);
      if (reason) failures.push({ atoms: group, reason, cells: culprits(group[0], holders, own) });
    }
    for (const cell of hiddenSmallCells(releases, atoms, candidate.measure, k).filter((c) => reached(c.atoms))) {
      await pause();
      const reason =
        (sums ? cellProblem(attacker, cell.atoms, cell.value, options.intervalPercent, k) : null) ??
        cellProblem(counted, cell.atoms, cell.contributors, undefined, k);
      if (!reason) continue;
      const overlap = own.flatMap((mine, j) => (cell.atoms.some((a) => mine.has(a)) ? [j] : []));
      failures.push({
        atoms: cell.atoms,
        reason,
        cells: overlap.length > 0 ? overlap : culprits(cell.atoms[0], holders, own),
      });
    }
    return { failures, overlapping: overlapping(releases, atoms) };
  } finally {
    new Set([attacker.now, attacker.before, counted.now, counted.before, truth.counts, truth.amounts]).forEach(
      (bounds) => bounds.dispose(),
    );
  }
}

/** The LPs run on the caller's thread: let it answer requests between them. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

function exactRow(indices: number[], value: number): LinearRow {
  return { indices, values: indices.map(() => 1), lower: value, upper: value };
}

function shownRow(indices: number[], cell: LedgerCell, base?: number): LinearRow {
  const shown = cell.shown ?? cell.value;
  const slack = base && base > 1 ? base - 1 : 0;
  return { indices, values: indices.map(() => 1), lower: Math.max(0, shown - slack), upper: shown + slack };
}

const near = (value: number) => 1e-6 * Math.max(1, Math.abs(value));

/**
 * The groups an attacker can tell apart: atoms that lie in exactly the same published cells are only ever seen
 * together (whatever one holds could as well be in the other), so they are audited as one group. Splitting them
 * would wrongly flag a small atom inside a big published cell, and miss a group bounded from below.
 */
function indistinguishable(rows: LinearRow[]): number[][] {
  const signatures = new Map<number, number[]>();
  rows.forEach((row, r) => row.indices.forEach((atom) => signatures.set(atom, [...(signatures.get(atom) ?? []), r])));
  const groups = new Map<string, number[]>();
  for (const [atom, signature] of signatures)
    groups.set(signature.join(), [...(groups.get(signature.join()) ?? []), atom]);
  return [...groups.values()];
}

/** What the attacker knows with the new release, and what it knew before it. */
interface Knowledge {
  now: AtomBounds;
  before: AtomBounds;
}

/**
 * Which side of an interval falls short of what it needs, or null. A side already narrower before the new release
 * (a group that lies inside an earlier published cell of 12 is known to hold at most 12) only has to stay as wide
 * as it was: the new release is not to blame for it, and can't mend it.
 */
function shortfall(
  known: Knowledge,
  atoms: number[],
  [lower, upper]: Interval,
  [low, high]: Interval,
): 'upper' | 'lower' | null {
  const short = { upper: upper < high - near(high), lower: lower > low + near(low) };
  if (!short.upper && !short.lower) return null;
  const [wasLower, wasUpper] = known.before.interval(atoms);
  if (short.upper && upper < Math.min(high, wasUpper) - near(high)) return 'upper';
  if (short.lower && lower > Math.max(low, wasLower) + near(low)) return 'lower';
  return null;
}

const shown = (v: number) => Math.round(v * 100) / 100;

/**
 * Whether a group of count atoms that may hold fewer than k records is bounded closer than a primary cell of a
 * single table may be: the attacker must not rule out an empty group (lower bound 0) nor one of k more than it may
 * hold (upper bound ≥ min(true max, k − 1) + k, the platform's level max(k, 20%) for a value below k); null when not.
 */
function countProblem(known: Knowledge, truth: AtomBounds, group: number[], k: number): string | null {
  const [lower, upper] = known.now.interval(group);
  if (lower >= k - near(k)) return null;
  if (lower <= near(0) && upper >= 2 * k - 1 - near(k)) return null;
  const [low, high] = truth.interval(group);
  if (low >= k - near(k)) return null;
  const side = shortfall(known, group, [lower, upper], [0, Math.min(high, k - 1) + k]);
  if (side === 'upper') return `someone bound a group of fewer than ${k} to at most ${shown(upper)}`;
  return side === 'lower' ? `someone show that a group of fewer than ${k} is not empty` : null;
}

interface HiddenCell {
  atoms: number[];
  value: number;
  contributors: number;
}

/** Every release's hidden cells of fewer than k records (of the new release's measure), each once. */
function hiddenSmallCells(releases: LedgerRelease[], atoms: number[][][], measure: string, k: number): HiddenCell[] {
  const cells = new Map<string, HiddenCell>();
  releases.forEach((release, i) => {
    if (release.measure !== measure) return;
    release.cells.forEach((cell, j) => {
      if (!cell.published && cell.contributors < k && atoms[i][j].length > 0)
        cells.set([...atoms[i][j]].sort((a, b) => a - b).join(), {
          atoms: atoms[i][j],
          value: cell.value,
          contributors: cell.contributors,
        });
    });
  });
  return [...cells.values()];
}

/**
 * A hidden cell of fewer than k records, in any release, keeps the protection its own table gave it against
 * everything published since: max(k, p% of its value) above and below (capped at its value below). Counts have no
 * percentage here: below k, k is the larger.
 */
function cellProblem(
  known: Knowledge,
  atoms: number[],
  value: number,
  percent: number | undefined,
  k: number,
): string | null {
  const interval = known.now.interval(atoms);
  const level = Math.max(k, ((percent ?? 0) / 100) * value);
  const side = shortfall(known, atoms, interval, [value - Math.min(level, value), value + level]);
  const what =
    percent === undefined ? `a hidden cell of fewer than ${k}` : `the sum of a hidden cell of fewer than ${k}`;
  return side && `someone bound ${what} from ${side === 'upper' ? 'above' : 'below'} closer than its protection level`;
}

/** Whether a group's sum is bounded closer than its protection interval while its count may be small; null when not. */
function sumProblem(
  known: Knowledge,
  truth: { counts: AtomBounds; amounts: AtomBounds },
  group: number[],
  options: LedgerOptions,
): string | null {
  const interval = known.now.interval(group);
  if (interval[0] <= near(0) && interval[1] === Infinity) return null;
  const k = options.minCellSize;
  if (truth.counts.min(group) >= k - near(k)) return null;
  const [low, high] = truth.amounts.interval(group);
  const level = (sum: number) => Math.max(k, (options.intervalPercent / 100) * sum);
  const side = shortfall(known, group, interval, [low - Math.min(level(low), low), high + level(high)]);
  return (
    side &&
    `someone bound the sum over a group of fewer than ${k} too closely from ${side === 'upper' ? 'above' : 'below'}`
  );
}

/**
 * The new release's published cells to hide for a failing atom: those overlapping the smallest published cell that
 * holds it (its own cell, or the earlier cell it is subtracted from), the next smallest when none is left. Hiding
 * them and re-auditing repeats until nothing fails; an atom no published cell of the new release touches any more
 * has no culprits, and the release is refused.
 */
function culprits(atom: number, holders: number[][], own: Set<number>[]): number[] {
  for (const holder of holders.filter((indices) => indices.includes(atom))) {
    const cells = own.flatMap((atoms, j) => (holder.some((a) => atoms.has(a)) ? [j] : []));
    if (cells.length > 0) return cells;
  }
  return [];
}

/** Earlier releases with a published cell sharing an atom with a published cell of the last one. */
function overlapping(releases: LedgerRelease[], atoms: number[][][]): string[] {
  const publishedAtoms = (i: number) => releases[i].cells.flatMap((c, j) => (c.published ? atoms[i][j] : []));
  const mine = new Set(publishedAtoms(releases.length - 1));
  return releases.slice(0, -1).flatMap((r, i) => (publishedAtoms(i).some((atom) => mine.has(atom)) ? [r.id] : []));
}

/**
 * Min and max of single atoms subject to rows of atom sums, atoms ≥ 0: one LP per connected group of atoms (atoms
 * sharing no row can't constrain each other), built on first use and warm-started across objectives.
 */
class AtomBounds {
  private readonly parent = new Map<number, number>();
  private readonly groups = new Map<number, { atoms: number[]; rows: LinearRow[]; model?: Model }>();
  private readonly exact = new Map<number, number>();

  constructor(
    private readonly solver: Highs,
    rows: LinearRow[],
  ) {
    for (const row of rows) {
      row.indices.forEach((atom) => this.parent.has(atom) || this.parent.set(atom, atom));
      row.indices.slice(1).forEach((atom) => this.parent.set(this.find(atom), this.find(row.indices[0])));
      if (row.indices.length === 1 && row.lower === row.upper) this.exact.set(row.indices[0], row.lower);
    }
    for (const atom of this.parent.keys()) {
      const root = this.find(atom);
      if (!this.groups.has(root)) this.groups.set(root, { atoms: [], rows: [] });
      this.groups.get(root)!.atoms.push(atom);
    }
    for (const row of rows) if (row.indices.length > 0) this.groups.get(this.find(row.indices[0]))!.rows.push(row);
    // A row over no atom (an empty cell's box) constrains nothing but must be consistent.
    if (rows.some((row) => row.indices.length === 0 && row.lower > 0))
      throw new RangeError('a cell over no records has a non-zero value');
  }

  /**
   * Whether some of the atoms share a connected group with the given ones. The new release's published cells are
   * rows only of the groups they reach: every other group has the same rows, and so the same bounds, as before it,
   * and can't fail the audit (see shortfall), so its LPs are skipped.
   */
  reachedBy(atoms: number[]): (group: number[]) => boolean {
    const roots = new Set(atoms.filter((atom) => this.parent.has(atom)).map((atom) => this.find(atom)));
    return (group) => group.some((atom) => this.parent.has(atom) && roots.has(this.find(atom)));
  }

  /** Min and max of the sum of some atoms: per connected group an LP, an atom in no row is anything from 0 up. */
  interval(atoms: number[]): Interval {
    const known = this.exactly(atoms);
    if (known !== undefined) return [known, known];
    let [lower, upper] = [0, 0];
    for (const part of this.byGroup(atoms)) {
      if (!this.parent.has(part[0])) [lower, upper] = [lower, Infinity];
      else [lower, upper] = [lower + Math.max(0, this.solve(part, 'minimize')), upper + this.solve(part, 'maximize')];
    }
    return [lower, upper];
  }

  min(atoms: number[]): number {
    const known = this.exactly(atoms);
    if (known !== undefined) return known;
    return this.byGroup(atoms).reduce(
      (sum, part) => sum + (this.parent.has(part[0]) ? Math.max(0, this.solve(part, 'minimize')) : 0),
      0,
    );
  }

  private byGroup(atoms: number[]): number[][] {
    const parts = new Map<number, number[]>();
    for (const atom of atoms) {
      const root = this.parent.has(atom) ? this.find(atom) : -1;
      parts.set(root, [...(parts.get(root) ?? []), atom]);
    }
    return [...parts.values()];
  }

  private exactly(atoms: number[]): number | undefined {
    return atoms.length === 1 ? this.exact.get(atoms[0]) : undefined;
  }

  dispose(): void {
    for (const group of this.groups.values()) group.model?.dispose();
  }

  private find(atom: number): number {
    let root = atom;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(atom, root);
    return root;
  }

  private solve(atoms: number[], sense: 'minimize' | 'maximize'): number {
    const group = this.groups.get(this.find(atoms[0]))!;
    const column = new Map(group.atoms.map((a, i) => [a, i]));
    group.model ??= createModel(this.solver, {
      colLower: group.atoms.map(() => 0),
      colUpper: group.atoms.map(() => Infinity),
      rows: group.rows.map((row) => ({ ...row, indices: row.indices.map((a) => column.get(a)!) })),
    });
    const model = group.model;
    atoms.forEach((a) => model.changeColCost(column.get(a)!, 1));
    try {
      return optimise(this.solver, model, sense);
    } catch (error) {
      if (error instanceof InfeasibleError) throw new RangeError("the ledger's cells contradict each other");
      throw error;
    } finally {
      atoms.forEach((a) => model.changeColCost(column.get(a)!, 0));
    }
  }
}
