import { canonicalHash } from '@bfa/crypto';

/**
 * all: children with every factor (a product of bits per child, one count per cell).
 * atLeast: children with at least m of the factors; the other counts of the cell stay masked.
 * histogram: children with exactly 0, 1, …, F factors per cell (the mean number of factors follows).
 * patterns: children per combination of the factors (2^F counts per cell; bit i of a pattern is factorHolders[i]).
 * outcomeByCount: the last factor holder holds an outcome, not a risk factor: per cell and number s of risk
 * factors (0 … F − 1), the children with s, and those of them with the outcome.
 */
export type CombinationMeasure =
  | { kind: 'all' }
  | { kind: 'atLeast'; m: number }
  | { kind: 'histogram' }
  | { kind: 'patterns' }
  | { kind: 'outcomeByCount' };

/** One combination query as every party of it must see it: its hash is in every receipt and manifest. */
export interface CombinationQuery {
  queryId: string;
  /** The pseudonym secret (ceremony) this query's pseudonyms come from. */
  secretId: string;
  /** The threshold Paillier key records are encrypted under. */
  keyId: string;
  measure: CombinationMeasure;
  /** Owns the group-by: knows each of its children's cell. */
  populationHolder: string;
  /** Holders of one factor each, in chain order; the population holder, if it holds one, first. */
  factorHolders: string[];
  /** Cell labels in grid order, e.g. `WK085501|4-11`. */
  cells: string[];
  /** Key holders refuse to decrypt a cell of fewer population records than this. */
  minRecords: number;
  /**
   * all and atLeast: the release's totals, each as the grid cells it adds up. Per total the population holder
   * adds the cells it withheld (aligned into the total's own slots): decrypted only as that sum, and only when
   * the total holds at least minRecords children. Left out, the query has no margins (and the same hash as before).
   */
  margins?: number[][];
}

/** Records travel population holder → factor holders in order → population holder. */
export interface Hop {
  step: number;
  from: string;
  to: string;
}

export function validateCombinationQuery(query: CombinationQuery): CombinationQuery {
  const { factorHolders, populationHolder, measure } = query;
  if (new Set(factorHolders).size !== factorHolders.length) throw new Error('a factor holder appears twice');
  if (factorHolders.filter((org) => org !== populationHolder).length < 1)
    throw new Error('a combination needs a factor holder besides the population holder');
  if (factorHolders.includes(populationHolder) && factorHolders[0] !== populationHolder)
    throw new Error('the population holder applies its factor first');
  if (measure.kind === 'atLeast' && (!Number.isInteger(measure.m) || measure.m < 1 || measure.m > factorHolders.length))
    throw new Error(`atLeast must be between 1 and ${factorHolders.length}`);
  if (measure.kind === 'outcomeByCount' && factorHolders.length < 2)
    throw new Error('outcomeByCount needs a risk factor besides the outcome');
  if (query.cells.length < 1 || new Set(query.cells).size !== query.cells.length)
    throw new Error('cells must be distinct and at least one');
  if (!Number.isInteger(query.minRecords) || query.minRecords < 1)
    throw new Error('minRecords must be a positive integer');
  if (query.margins !== undefined) validateMargins(query);
  return query;
}

function validateMargins({ margins, measure, cells }: CombinationQuery): void {
  if (measure.kind !== 'all' && measure.kind !== 'atLeast')
    throw new Error('margins belong to all and atLeast combinations only');
  if (!Array.isArray(margins)) throw new Error('margins must be a list of cell lists');
  margins.forEach((group, j) => {
    const fine =
      Array.isArray(group) &&
      group.length > 0 &&
      group.every((cell) => Number.isInteger(cell) && cell >= 0 && cell < cells.length);
    if (!fine || new Set(group).size !== group.length)
      throw new Error(`margin ${j}: distinct cells of the grid, at least one`);
  });
}

/** Grid cells first, then the margins: every slot-holding cell of the packing. */
export const slotCells = (query: CombinationQuery) => query.cells.length + (query.margins?.length ?? 0);

/** Per margin, the children of the population it adds up: the grid cells' counts summed. */
export const marginRecords = (query: CombinationQuery, cellRecords: readonly number[]) =>
  (query.margins ?? []).map((group) => group.reduce((sum, cell) => sum + cellRecords[cell], 0));

/**
 * The cells withheld at the source, grid cells then margins (index cells.length + j): every grid cell of fewer
 * than k children of the population, and every margin whose cells together hold fewer than k.
 */
export function withheldSlotCells(
  query: CombinationQuery,
  cellRecords: readonly number[],
  minRecords = query.minRecords,
): number[] {
  const small = (n: number) => n < minRecords;
  const cells = cellRecords.flatMap((n, cell) => (small(n) ? [cell] : []));
  const margins = marginRecords(query, cellRecords).flatMap((n, j) => (small(n) ? [query.cells.length + j] : []));
  return [...cells, ...margins];
}

export function combinationHops(query: CombinationQuery): Hop[] {
  const chain = query.factorHolders.filter((org) => org !== query.populationHolder);
  const route = [query.populationHolder, ...chain, query.populationHolder];
  return Array.from({ length: chain.length + 1 }, (_, step) => ({ step, from: route[step], to: route[step + 1] }));
}

export function combinationQueryHash(query: CombinationQuery): string {
  return canonicalHash(query);
}

export const populationHoldsFactor = (query: CombinationQuery) => query.factorHolders[0] === query.populationHolder;
