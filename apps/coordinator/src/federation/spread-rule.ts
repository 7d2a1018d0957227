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
 * Whether the count, mean and SD bound the group's largest value (at most `largest`: exact with one holder, an upper
 * bound with several) to within p% of it from above, as the p% rule forbids for a sum: the SD would undo the sum's
 * protection. A group summing to 0 is left alone (its sum already says every value is 0).
 */
export function spreadBreach(spread: Spread, largest: number, p: number): boolean {
  if (spread.count === 0 || spread.sum <= 0 || largest <= 0) return false;
  return largestBound(spread) < (1 + p) * largest * (1 - 1e-9);
}

/** A mean's linked table with, per cell (totals included), its spread and the bound on its largest value. */
export interface SpreadTable {
  spreads: Spread[];
  largest: number[];
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
  for (const leaf of kept) {
    for (const cell of cellsOfLeaf(dimensions, leaf.coordinates))
      largestOf.set(
        coordinatesKey(cell),
        Math.max(largestOf.get(coordinatesKey(cell)) ?? 0, leaf.dominance?.largest ?? 0),
      );
  }
  return {
    linked: sums,
    spreads: sums.cells.map((cell, i) => ({
      count: cell.contributors,
      sum: cell.value,
      squares: squares.cells[i].value,
    })),
    largest: sums.cells.map((cell) => largestOf.get(coordinatesKey(cell.coordinates)) ?? 0),
  };
}

/** The platform's p of the p% rule, as a fraction. */
export function spreadP(policy: ReleasePolicy): number {
  return policy.magnitudeRules ? policy.magnitudeRules.pPercent / 100 : MAGNITUDE_DEFAULTS.pPercent;
}

/** Cells whose own count, mean and SD would give their largest value away. */
export function cellBreaches(table: SpreadTable, p: number): number[] {
  return table.spreads.flatMap((spread, i) => (spreadBreach(spread, table.largest[i], p) ? [i] : []));
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
    return spreadBreach(spread, Math.max(...group.map((i) => table.largest[i])), p) ? [total] : [];
  });
}

/** The mean's remembered cells with their sums of squares and largest values, for later means' differences. */
export function withSpreads(remembered: RememberedCell[], table: SpreadTable): RememberedCell[] {
  return remembered.map((cell, i) => ({ ...cell, squares: table.spreads[i].squares, largest: table.largest[i] }));
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
        const largest = nested(mine, theirs) === 'inside' ? (cell.largest ?? 0) : table.largest[i];
        if (difference && difference.count > 0 && spreadBreach(difference, largest, p)) breaches.add(i);
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
