import { BoxFilter, BoxSpec } from '@bfa/disclosure';
import { QuerySpec } from '@bfa/protocol';
import { Catalog } from './catalog';
import { cellGrid } from './cell-grid';
import { combinationParties, factorAt, isCocktail, isCombination } from './combination-check';
import { cellBox, linkField } from './release-boxes';
import { isCohort } from './cohort-check';
import { LinkAlternatives, ownFactorAlternatives } from './own-factor-boxes';

const TOTAL = 'Totaal';

/** Which of its links (chain order) a child has: true, false, or either (left out). */
type Bits = (boolean | undefined)[];

const ones = (pattern: number, width: number) => Array.from({ length: width }, (_, i) => ((pattern >> i) & 1) === 1);

/** Every pattern of F bits with between `from` and `to` of them set. */
function patternsWith(width: number, from: number, to: number): boolean[][] {
  return Array.from({ length: 2 ** width }, (_, p) => ones(p, width)).filter((bits) => {
    const set = bits.filter(Boolean).length;
    return set >= from && set <= to;
  });
}

/**
 * The patterns of a cocktail cell over its risk factors (chain order) and then its outcome: a pattern code fixes
 * every risk factor, a number of factors s is every pattern with s of them, a total leaves them free.
 */
function cocktailBits(coordinates: Record<string, string | number>, risks: number, outcome: boolean): Bits[] {
  const pattern = coordinates.pattern === undefined ? undefined : String(coordinates.pattern);
  const count = coordinates.factors === undefined ? undefined : String(coordinates.factors);
  const riskBits: Bits[] =
    pattern !== undefined && pattern !== TOTAL
      ? [[...pattern].map((digit) => digit === '1')]
      : count !== undefined && count !== TOTAL
        ? patternsWith(risks, Number(count), Number(count))
        : [Array<undefined>(risks).fill(undefined)];
  if (!outcome) return riskBits;
  const has =
    coordinates.outcome === undefined || String(coordinates.outcome) === TOTAL
      ? undefined
      : String(coordinates.outcome) === '1';
  return riskBits.map((bits) => [...bits, has]);
}

/** A cohort cell's outcomes: with any of them (outcome 1), with none (0), or either (the arm's total). */
function cohortBits(coordinates: Record<string, string | number>, outcomes: number): Bits[] {
  const outcome = coordinates.outcome === undefined ? TOTAL : String(coordinates.outcome);
  if (outcome === TOTAL) return [Array<undefined>(outcomes).fill(undefined)];
  return patternsWith(outcomes, outcome === '1' ? 1 : 0, outcome === '1' ? outcomes : 0);
}

/**
 * The grid cells a combination cell spans: its own, or for the total over the grid, the grid cells the release
 * holds (a cocktail's total is over released grid cells only; one box for the whole grid when all are there).
 */
function gridCells(
  catalog: Catalog,
  spec: QuerySpec,
  coordinates: Record<string, string | number>,
  released?: Record<string, string | number>[],
): Record<string, string | number>[] {
  const total = spec.groupBy.length > 0 && spec.groupBy.every((d) => String(coordinates[d]) === TOTAL);
  if (!total || !released || released.length >= cellGrid(catalog, spec.groupBy).length) return [coordinates];
  return released;
}

/**
 * The records a cell counts, as boxes whose union it is: the query's box (cellBox) for a plain query; for a
 * combination, that box for each pattern of factors (and outcome) the cell counts, each factor a boolean field of
 * its own (linkField), so that an "at least m" count, a pattern table and an outcome table over the same children
 * are sums of the same atoms in the release ledger; a cohort's arm with or without any of its outcomes likewise.
 * A factor from the population's own dataset is also tied to its filters on the population's records
 * (ownFactorAlternatives), so a plain count of, say, low-income children is audited with the pattern table.
 * `released`: a cocktail's grid cells, for its totals.
 */
export function cellBoxes(
  catalog: Catalog,
  spec: QuerySpec,
  coordinates: Record<string, string | number>,
  contributedBy?: string[],
  released?: Record<string, string | number>[],
): BoxSpec[] {
  if (!isCombination(spec)) return [cellBox(catalog, spec, coordinates, contributedBy)];
  const { combination } = spec;
  const chain = combinationParties(catalog, spec).factorHolders.map((org) => factorAt(catalog, spec, org)!);
  const risks = combination.outcome ? chain.slice(0, -1) : chain;
  const links = combination.outcome ? [...risks, combination.outcome] : risks;
  const bits = isCocktail(combination)
    ? cocktailBits(coordinates, risks.length, combination.outcome !== undefined)
    : isCohort(combination)
      ? cohortBits(coordinates, risks.length)
      : patternsWith(risks.length, combination.atLeast ?? risks.length, risks.length);
  const fields = links.map((link) => linkField(catalog, link));
  const own = links.map((link, i) => ownFactorAlternatives(catalog, spec, link, fields[i]));
  const linkFilters = (has: boolean | undefined, i: number): LinkAlternatives =>
    own[i]?.(has) ?? (has === undefined ? [[]] : [[{ field: fields[i], op: 'eq' as const, value: has }]]);
  const filtersOf = (pattern: Bits): BoxFilter[][] =>
    pattern.reduce<BoxFilter[][]>(
      (boxes, has, i) => boxes.flatMap((box) => linkFilters(has, i).map((more) => [...box, ...more])),
      [[]],
    );
  return gridCells(catalog, spec, coordinates, released).flatMap((cell) => {
    const box = cellBox(catalog, spec, cell, contributedBy);
    return bits.flatMap((pattern) =>
      filtersOf(pattern).map((more) => ({ ...box, filters: [...box.filters, ...more] })),
    );
  });
}
