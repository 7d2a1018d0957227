import { PackingLayout, packingLayout, plaintextCount } from '@bfa/crypto';
import { ExpectedCiphertexts, QueryEnvelope, QuerySpec, queryHash } from '@bfa/protocol';
import { Catalog } from './catalog';
import { cellGrid } from './cell-grid';
import { datasetsOf, isRate } from './rate-check';

/** How a query's cells are packed into plaintexts: the same for every node, key holder and the coordinator. */
export interface ContributionLayouts {
  contributors: PackingLayout;
  /** Sum queries: per cell the sum, the largest and the second-largest value (what the dominance and p% rules need); a mean's also the sum of squares and the shortfall. */
  magnitudes?: PackingLayout;
}

/** A sum query's magnitudes per cell, as one node computes them or as they add up over the holders. */
export interface MagnitudeCells {
  sums: bigint[];
  largest: bigint[];
  secondLargest: bigint[];
  /** Mean queries: the sum of the squared values, for the standard deviation. */
  squares?: bigint[];
  /**
   * Mean queries: the field's max minus the cell's smallest value (0 without records). Added over the holders it
   * bounds the smallest value from below (max − the sum), exactly with one holder: the SD's rule on the smallest.
   */
  shortfall?: bigint[];
}

/** The three parts laid end to end: one vector, one packing, one threshold decryption. */
export function magnitudeVector(cells: MagnitudeCells): bigint[] {
  return [
    ...cells.sums,
    ...cells.largest,
    ...cells.secondLargest,
    ...(cells.squares ?? []),
    ...(cells.shortfall ?? []),
  ];
}

/** `parts`: 3, or 5 for a mean (the sums of squares, then the shortfalls). */
export function splitMagnitudes(vector: bigint[], parts: 3 | 5 = 3): MagnitudeCells {
  const n = vector.length / parts;
  if (!Number.isInteger(n)) throw new RangeError(`a magnitude vector has ${parts} parts of equal length`);
  const split = {
    sums: vector.slice(0, n),
    largest: vector.slice(n, 2 * n),
    secondLargest: vector.slice(2 * n, 3 * n),
  };
  return parts === 5 ? { ...split, squares: vector.slice(3 * n, 4 * n), shortfall: vector.slice(4 * n) } : split;
}

/**
 * Slot widths follow from the catalog's declared bounds: a count is at most maxRecordsPerHolder per
 * holder, a sum at most that times the field's max, and the aggregate adds one contribution per holder.
 */
export function contributionLayouts(catalog: Catalog, spec: QuerySpec, keyBits: number): ContributionLayouts {
  if (isRate(spec)) return { contributors: rateLayout(catalog, spec, keyBits) };
  const dataset = catalog.datasets[spec.dataset];
  const common = { cells: cellGrid(catalog, spec.groupBy).length, contributors: dataset.holders.length, keyBits };
  const records = BigInt(dataset.maxRecordsPerHolder);
  const contributors = packingLayout({ ...common, contributionBound: records });
  if (spec.measure.kind === 'count') return { contributors };
  const fieldMax = BigInt(dataset.fields[spec.measure.field!].max ?? 0);
  // Each of sum, largest and second largest is at most records × max, so one slot width serves all three; a mean's
  // sum of squares is at most records × max², and its slot width serves all five (its shortfall is at most max).
  if (spec.measure.kind === 'mean')
    return {
      contributors,
      magnitudes: packingLayout({
        ...common,
        cells: 5 * common.cells,
        contributionBound: records * fieldMax * fieldMax,
      }),
    };
  return {
    contributors,
    magnitudes: packingLayout({ ...common, cells: 3 * common.cells, contributionBound: records * fieldMax }),
  };
}

/**
 * A rate's counts: the numerator's grid, then the denominator's, in one vector. Each holder fills the part of the
 * dataset(s) it holds and sends zeros in the other, so the sum over the holders is both counts, cell by cell.
 */
function rateLayout(catalog: Catalog, spec: QuerySpec, keyBits: number): PackingLayout {
  const datasets = datasetsOf(spec).map((d) => catalog.datasets[d]);
  const holders = new Set(datasets.flatMap((d) => d.holders));
  const records = BigInt(Math.max(...datasets.map((d) => d.maxRecordsPerHolder)));
  return packingLayout({
    cells: 2 * cellGrid(catalog, spec.groupBy).length,
    contributors: holders.size,
    contributionBound: records,
    keyBits,
  });
}

/** What every contribution to this query must look like: query, key and number of packed ciphertexts. */
export function expectedCiphertexts(
  catalog: Catalog,
  envelope: QueryEnvelope,
  key: { keyId: string; bits: number },
): ExpectedCiphertexts {
  const layouts = contributionLayouts(catalog, envelope.spec, key.bits);
  return {
    queryHash: queryHash(envelope),
    keyId: key.keyId,
    contributors: plaintextCount(layouts.contributors),
    magnitudes: layouts.magnitudes && plaintextCount(layouts.magnitudes),
  };
}
