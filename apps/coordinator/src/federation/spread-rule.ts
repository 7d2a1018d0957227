import {
  atomSystem,
  cellsOfLeaf,
  coordinatesKey,
  crossTable,
  LinkedTable,
  MAGNITUDE_DEFAULTS,
  ProtectedTable,
  RememberedCell,
} from '@bfa/disclosure';
import { Catalog, cellBoxes, ledgerDomains } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { MeanLeaf } from './mean-release';
import { LedgerBasis } from './release-ledger';
import { releaseDimensions, ReleasePolicy } from './release-table';
import { seriesDimensions, seriesLeaves } from './year-series';

/** A group of records as the mean's publication lets anyone know it: how many, their sum, their sum of squares. */
export interface Spread {
  count: number;
  sum: number;
  squares: number;
}

/**
 * The largest value a group of non-negative values with this count, sum and sum of squares can hold: when all the
 * others are equal (Samuelson's inequality). A count, mean and SD publish exactly this bound on the largest value; it
 * is the value itself when one record stands out from others that are alike, and both values of a group of 2.
 */
export function largestBound({ count, sum, squares }: Spread): number {
  if (count <= 1) return sum;
  return (sum + Math.sqrt(Math.max(0, (count - 1) * (count * squares - sum * sum)))) / count;
}

/**
 * The smallest value the group can hold, by the same inequality: mean − SD·√(n − 1) (population SD), at least 0. It
 * is the value itself when one record stands out below others that are alike.
 */
export function smallestBound({ count, sum, squares }: Spread): number {
  if (count <= 1) return sum;
  return Math.max(0, (sum - Math.sqrt(Math.max(0, (count - 1) * (count * squares - sum * sum)))) / count);
}

/**
 * Whether the count, mean and SD bound the group's largest value (at most `largest`: exact with one holder, an upper
 * bound with several) to within p% of it from above, or its smallest value (at least `smallest`: exact with one
 * holder, a lower bound with several, unknown for a mean stored before it was kept) to within p% from below, as the
 * p% rule forbids for a sum: the SD would undo the sum's protection. A group summing to 0 is left alone (its sum
 * already says every value is 0), and so is a smallest value of 0 (no value is below it anyway).
 */
export function spreadBreach(spread: Spread, largest: number, p: number, smallest?: number): boolean {
  if (spread.count === 0 || spread.sum <= 0) return false;
  if (largest > 0 && largestBound(spread) < (1 + p) * largest * (1 - 1e-9)) return true;
  if (smallest === undefined || !Number.isFinite(smallest)) return false;
  const tolerance = 1e-9 * (spread.sum / spread.count);
  return smallestBound(spread) > Math.max(0, (1 - p) * smallest) + tolerance;
}

/** Each grid cell's lower bound on its smallest value: the field's max minus its shortfalls added over the holders. */
export function smallestValues(catalog: Catalog, spec: QuerySpec, shortfall: bigint[]): number[] {
  const max = catalog.datasets[spec.dataset].fields[spec.measure.field!].max ?? 0;
  return shortfall.map((s) => Math.max(0, max - Number(s)));
}

/** A mean's linked table with, per cell (totals included), its spread and the bounds on its largest and smallest value. */
export interface SpreadTable {
  spreads: Spread[];
  largest: number[];
  /** Infinity for a cell without records; undefined where a leaf's is unknown. */
  smallest: (number | undefined)[];
  linked: LinkedTable;
}

/** The spreads of a mean's linked table, in the order protectRelease builds it (year series included). */
export function spreadTable(catalog: Catalog, spec: QuerySpec, leaves: MeanLeaf[]): SpreadTable {
  const dimensions = seriesDimensions(catalog, spec, releaseDimensions(catalog, spec.groupBy));
  const kept = seriesLeaves(catalog, spec, leaves);
  const sums = crossTable(
    dimensions,
    kept.map(({ coordinates, value, contributors }) => ({ coordinates, value, contributors })),
  );
  const squares = crossTable(
    dimensions,
    kept.map(({ coordinates, squares, contributors }) => ({ coordinates, value: Number(squares), contributors })),
  );
  const largestOf = new Map<string, number>();
  const smallestOf = new Map<string, number | undefined>();
  for (const leaf of kept) {
    for (const cell of cellsOfLeaf(dimensions, leaf.coordinates)) {
      const key = coordinatesKey(cell);
      largestOf.set(key, Math.max(largestOf.get(key) ?? 0, leaf.dominance?.largest ?? 0));
      const before = smallestOf.has(key) ? smallestOf.get(key) : Infinity;
      const own = leaf.contributors === 0 ? Infinity : leaf.smallest;
      smallestOf.set(key, before === undefined || own === undefined ? undefined : Math.min(before, own));
    }
  }
  return {
    linked: sums,
    spreads: sums.cells.map((cell, i) => ({
      count: cell.contributors,
      sum: cell.value,
      squares: squares.cells[i].value,
    })),
    largest: sums.cells.map((cell) => largestOf.get(coordinatesKey(cell.coordinates)) ?? 0),
    smallest: sums.cells.map((cell) => smallestOf.get(coordinatesKey(cell.coordinates))),
  };
}

/** The platform's p of the p% rule, as a fraction. */
export function spreadP(policy: ReleasePolicy): number {
  return policy.magnitudeRules ? policy.magnitudeRules.pPercent / 100 : MAGNITUDE_DEFAULTS.pPercent;
}

/** Cells whose own count, mean and SD would give their largest or smallest value away. */
export function cellBreaches(table: SpreadTable, p: number): number[] {
  return table.spreads.flatMap((spread, i) =>
    spreadBreach(spread, table.largest[i], p, table.smallest[i]) ? [i] : [],
  );
}

/**
 * Published totals whose hidden parts together would give their largest value away: a published total minus its
 * published parts is the hidden parts' count, sum and sum of squares (from the totals' SDs), a group as good as
 * published. Only one total at a time is taken apart here; unions across several totals are not checked.
 */
export function unionBreaches(table: SpreadTable, release: ProtectedTable, p: number): number[] {
  const hidden = (i: number) => release.cells[i].suppressed;
  return table.linked.constraints.flatMap(({ total, parts }) => {
    const group = parts.filter(hidden);
    if (hidden(total) || group.length === 0) return [];
    const spread = group.reduce(
      (s, i) => ({
        count: s.count + table.spreads[i].count,
        sum: s.sum + table.spreads[i].sum,
        squares: s.squares + table.spreads[i].squares,
      }),
      { count: 0, sum: 0, squares: 0 },
    );
    const smallest = group.map((i) => table.smallest[i]);
    const lowest = smallest.some((s) => s === undefined) ? undefined : Math.min(...(smallest as number[]));
    return spreadBreach(spread, Math.max(...group.map((i) => table.largest[i])), p, lowest) ? [total] : [];
  });
}

/** The mean's remembered cells with their sums of squares and largest values, for later means' differences. */
export function withSpreads(remembered: RememberedCell[], table: SpreadTable): RememberedCell[] {
  return remembered.map((cell, i) => ({
    ...cell,
    squares: table.spreads[i].squares,
    largest: table.largest[i],
    ...(Number.isFinite(table.smallest[i]) ? { smallest: table.smallest[i] } : {}),
  }));
}

/**
 * New published cells that, against an earlier mean of the same field whose published cell nests with it (the same
 * cell with one filter more or less: one's records inside the other's), leave a difference group whose count, sum
 * and sum of squares bound its largest value within p%: the spread rule across two releases. The ledger already
 * keeps such a group from being small; this keeps a large one from giving its outlier away.
 */
export function differenceBreaches(
  catalog: Catalog,
  spec: QuerySpec,
  table: SpreadTable,
  release: ProtectedTable,
  ledger: { earlier: LedgerBasis[]; contributedBy: string[] },
  p: number,
): number[] {
  const field = spec.measure.field;
  const means = ledger.earlier.filter(
    (basis) =>
      basis.spec.measure.kind === 'mean' &&
      basis.spec.measure.field === field &&
      basis.cells.some((c) => c.squares !== undefined),
  );
  const published = release.cells.flatMap((cell, i) => (cell.suppressed ? [] : [i]));
  const breaches = new Set<number>();
  for (const basis of means) {
    const earlier = basis.cells.filter((cell) => cell.released && cell.squares !== undefined);
    const boxes = [
      ...published.map((i) => cellBoxes(catalog, spec, table.linked.cells[i].coordinates, ledger.contributedBy)),
      ...earlier.map((cell) =>
        cellBoxes(
          catalog,
          basis.spec,
          Object.fromEntries(JSON.parse(cell.key) as [string, string][]),
          basis.contributedBy,
        ),
      ),
    ];
    const system = atomSystem(ledgerDomains(catalog, spec.dataset, [basis.spec, spec]), boxes.flat());
    let next = 0;
    const atoms = boxes.map((union) => new Set(union.flatMap(() => system.boxes[next++])));
    published.forEach((i, a) => {
      const mine = atoms[a];
      earlier.forEach((cell, b) => {
        const theirs = atoms[published.length + b];
        const spread = { count: cell.contributors, sum: cell.value ?? 0, squares: cell.squares! };
        const difference =
          nested(mine, theirs) === 'inside'
            ? minus(spread, table.spreads[i])
            : nested(mine, theirs) === 'around'
              ? minus(table.spreads[i], spread)
              : null;
        // The difference lies inside the larger cell: its largest value is at most that cell's, its smallest at least.
        const largest = nested(mine, theirs) === 'inside' ? (cell.largest ?? 0) : table.largest[i];
        const smallest = nested(mine, theirs) === 'inside' ? cell.smallest : table.smallest[i];
        if (difference && difference.count > 0 && spreadBreach(difference, largest, p, smallest)) breaches.add(i);
      });
    });
  }
  return [...breaches];
}

const minus = (a: Spread, b: Spread): Spread => ({
  count: a.count - b.count,
  sum: a.sum - b.sum,
  squares: a.squares - b.squares,
});

/** Whether a cell's atoms lie strictly inside another's, strictly around them, or neither. */
function nested(mine: Set<number>, theirs: Set<number>): 'inside' | 'around' | null {
  const within = (a: Set<number>, b: Set<number>) => [...a].every((atom) => b.has(atom));
  if (mine.size < theirs.size && within(mine, theirs)) return 'inside';
  if (theirs.size < mine.size && within(theirs, mine)) return 'around';
  return null;
}
