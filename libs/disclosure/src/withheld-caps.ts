import { attackerIntervals, checkProtection } from './attacker-intervals';
import { LinkedTable } from './linked-table';
import { ProtectionRequirement } from './protection-levels';
import { suppressSecondary } from './secondary-suppression';

/**
 * The linked table as the attacker reads it knowing what `withheld` says: a withheld cell w (or total) has fewer than
 * k children, so its count is at most cap = k − 1. Per such cell, three cells more: slack = cap − w (hidden, so w is
 * never more than cap), and cap itself as a hidden cell pinned by two published ones, big − rest = cap. The two are
 * far larger than any cell of the table, so the cheapest perturbation of complementary suppression never moves them:
 * any w moved up past its cap must be paid for through them, which the pattern then may not use (checked below).
 */
export interface CappedTable {
  table: LinkedTable;
  /** The synthetic cells hidden from the start: slacks and caps. */
  hidden: number[];
  /** The synthetic cells published: the big ones, which the attacker knows. */
  published: number[];
}

export function cappedTable(linked: LinkedTable, withheld: number[], cap: number): CappedTable {
  const cells = [...linked.cells];
  const constraints = [...linked.constraints];
  const big = 1000 * (cap + 1 + linked.cells.reduce((max, cell) => Math.max(max, cell.value), 0));
  const add = (value: number, name: string, w: number) =>
    cells.push({ coordinates: { [name]: w }, value, contributors: 0 }) - 1;
  const hidden: number[] = [];
  const published: number[] = [];
  for (const w of withheld) {
    const slack = add(cap - linked.cells[w].value, ':slack', w);
    const capCell = add(cap, ':cap', w);
    const rest = add(big - cap, ':rest', w);
    const whole = add(big, ':big', w);
    constraints.push({ total: capCell, parts: [w, slack] }, { total: whole, parts: [capCell, rest] });
    hidden.push(slack, capCell);
    published.push(rest, whole);
  }
  return { table: { cells, constraints }, hidden, published };
}

/** A withheld cell's requirement under its cap: the attacker's interval must stay all of 0..cap, whatever it holds. */
export function cappedRequirement(cell: number, standIn: number, cap: number): ProtectionRequirement {
  return { cell, upper: cap - standIn, lower: standIn };
}

/**
 * Complementary suppression against the attacker who knows the caps: the complements, among the table's own cells.
 * A pattern that would need a synthetic published cell hidden (no other way protects some cell under the caps) is
 * checked without it, and refused if it does not protect then.
 */
export async function suppressUnderCaps(
  linked: LinkedTable,
  withheld: number[],
  cap: number,
  requirements: ProtectionRequirement[],
): Promise<number[]> {
  const capped = cappedTable(linked, withheld, cap);
  requirements = await withinCaps(capped, linked.cells.length, requirements);
  const all = [...requirements, ...capped.hidden.map((cell) => ({ cell, upper: 0, lower: 0 }))];
  const { secondary } = await suppressSecondary(capped.table, all);
  const own = secondary.filter((cell) => cell < linked.cells.length);
  if (own.length < secondary.filter((cell) => !capped.hidden.includes(cell)).length) {
    const hidden = [...requirements.map((r) => r.cell), ...own, ...capped.hidden];
    const check = await checkProtection(capped.table, hidden, requirements);
    if (!check.protected)
      throw new RangeError(
        `no suppression pattern protects cells ${check.failures.map((f) => f.cell).join(', ')} under what withheld cells reveal`,
      );
  }
  return own;
}

/**
 * The caps alone can bound a cell from above before anything is published (a total of two withheld wijken holds at
 * most 2(k − 1)): that much the attacker knows from `withheld`, whatever else is hidden, and no pattern can widen it.
 * A cell's interval must reach its protection level above its value, or that bound where it is less.
 */
async function withinCaps(
  capped: CappedTable,
  cells: number,
  requirements: ProtectionRequirement[],
): Promise<ProtectionRequirement[]> {
  const everything = [...Array.from({ length: cells }, (_, i) => i), ...capped.hidden];
  const bounds = await attackerIntervals(
    capped.table,
    everything,
    requirements.map((r) => r.cell),
  );
  return requirements.map((r, i) => ({
    ...r,
    upper: Math.max(0, Math.min(r.upper, bounds[i].upper - capped.table.cells[r.cell].value)),
  }));
}
