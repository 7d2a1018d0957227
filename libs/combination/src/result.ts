import { PaillierEncryptor, PaillierPublicKeyJson } from '@bfa/crypto';
import { combinationLayout, unpackCounts } from './layout';
import { CombinationManifest } from './manifest';
import { keyBitsOf } from './party';
import { CombinationQuery, withheldSlotCells } from './query';

/** One cell of the unprotected table, before disclosure control. */
export interface CombinationCell {
  cell: string;
  /** Children of the population in the cell. */
  records: number;
  /** Fewer than minRecords children: never aggregated, never decrypted. */
  withheld: boolean;
  /** all: children with every factor; atLeast: with at least m. */
  count?: number;
  /** histogram: children with exactly 0, 1, …, F factors. */
  histogram?: number[];
  /** patterns: children per pattern, index = Σ 2^i over the factors (chain order) the child has. */
  patterns?: number[];
  /** outcomeByCount: per number of risk factors s, the children with s, and those of them with the outcome. */
  byCount?: { children: number[]; withOutcome: number[] };
}

/** Children with at least m factors, from a cell's histogram. */
export const atLeast = (histogram: readonly number[], m: number) => histogram.slice(m).reduce((sum, h) => sum + h, 0);

/** The number of factors summed over the cell's children (divided by records: the mean per child). */
export const factorSum = (histogram: readonly number[]) => histogram.reduce((sum, h, j) => sum + j * h, 0);

/** outcomeByCount's slots s + F·outcome as children per s and those with the outcome. */
export function byCount(slots: readonly number[]): { children: number[]; withOutcome: number[] } {
  const levels = slots.length / 2;
  const withOutcome = slots.slice(levels);
  return { children: slots.slice(0, levels).map((without, s) => without + withOutcome[s]), withOutcome };
}

/** `cell` is a slot-holding cell: a grid cell, or cells.length + j for margin j (then `records` bounds its withheld cells' children). */
function measured(
  query: CombinationQuery,
  manifest: CombinationManifest,
  counts: bigint[],
  cell: number,
  records = manifest.cellRecords[cell],
): Pick<CombinationCell, 'count' | 'histogram' | 'patterns' | 'byCount'> {
  const measure = query.measure;
  if (measure.kind === 'all') {
    if (counts[0] > BigInt(records)) throw new Error(`cell ${cell}: more children with every factor than children`);
    return { count: Number(counts[0]) };
  }
  if (measure.kind === 'atLeast') {
    const offset = manifest.revealOffsets?.[cell];
    if (!offset) throw new Error(`cell ${cell}: no reveal offset`);
    const count = counts.slice(measure.m).reduce((sum, x) => sum + x, 0n) - BigInt(offset);
    if (count < 0n || count > BigInt(records))
      throw new Error(`cell ${cell}: the masked count does not unmask to between 0 and ${records}`);
    return { count: Number(count) };
  }
  const histogram = counts.map(Number);
  if (histogram.reduce((sum, h) => sum + h, 0) !== records)
    throw new Error(`cell ${cell}: the histogram does not add up to the cell's children`);
  if (measure.kind === 'patterns') return { patterns: histogram };
  if (measure.kind === 'outcomeByCount') return { byCount: byCount(histogram) };
  return { histogram };
}

/**
 * The combined plaintexts (from combineThresholdPartials over the manifest's aggregates) as a table. Checks
 * what the plaintexts can show: counts within the cell's children, a histogram adding up to them.
 */
export function readCombinationResult(
  query: CombinationQuery,
  manifest: CombinationManifest,
  plaintexts: bigint[],
  publicKey: PaillierPublicKeyJson,
): CombinationCell[] {
  const layout = combinationLayout(query, manifest.records, keyBitsOf(new PaillierEncryptor(publicKey)));
  const counts = unpackCounts(layout, plaintexts);
  const withheld = new Set(manifest.withheld);
  return query.cells.map((label, cell) => {
    const base = { cell: label, records: manifest.cellRecords[cell], withheld: withheld.has(cell) };
    return withheld.has(cell) ? base : { ...base, ...measured(query, manifest, counts[cell], cell) };
  });
}

/**
 * Per margin of the query, the count (all: every factor; atLeast: at least m) summed over the margin's cells
 * that were withheld at the source, as the population holder added them; null for a margin withheld itself
 * (fewer than k children in all its cells). The margin's total is this plus its released cells.
 */
export function readMarginParts(
  query: CombinationQuery,
  manifest: CombinationManifest,
  plaintexts: bigint[],
  publicKey: PaillierPublicKeyJson,
): (number | null)[] {
  const layout = combinationLayout(query, manifest.records, keyBitsOf(new PaillierEncryptor(publicKey)));
  const counts = unpackCounts(layout, plaintexts);
  const withheld = new Set(withheldSlotCells(query, manifest.cellRecords));
  const cellWithheld = new Set(manifest.withheld);
  return (query.margins ?? []).map((group, j) => {
    const margin = query.cells.length + j;
    if (withheld.has(margin)) return null;
    const records = group
      .filter((cell) => cellWithheld.has(cell))
      .reduce((sum, cell) => sum + manifest.cellRecords[cell], 0);
    return measured(query, manifest, counts[margin], margin, records).count!;
  });
}
