import { PackingLayout, packingLayout, plaintextCount, unpackCells } from '@bfa/crypto';
import { modInv } from 'bigint-crypto-utils';
import { CombinationQuery, slotCells } from './query';

/** Statistical hiding of masked counts (atLeast): a mask has this many bits more than any count. */
export const MASK_BITS = 40;

/**
 * How per-child plaintexts add up to packed cells. A child in cell c contributes to the slots of c only:
 * `all` puts 1 (every factor so far) or 0 in the cell's one slot; the histogram encodings put 1 in slot s
 * of the cell's F + 1 slots, s = the child's number of factors, which each holder with the factor moves up
 * by one (multiplying the plaintext by 2^slotBits). A cell's slots never straddle two plaintexts.
 * The cocktail encodings only change how far each holder moves a child: by 2^i slots for holder i (patterns:
 * the slot is the child's pattern of bits), or by one slot per risk factor and F slots for the outcome
 * holder (outcomeByCount: slot s + F·outcome). Every child still adds 1 to exactly one slot of its cell.
 */
export interface CombinationLayout {
  encoding: 'product' | 'histogram';
  masked: boolean;
  /** Histogram encodings: how many slots each factor holder (by chain index) moves a child with its factor up. */
  shifts: number[];
  factors: number;
  cells: number;
  countsPerCell: number;
  slotBits: number;
  cellsPerPlaintext: number;
  blocks: number;
  /** The same slots as packing.ts sees them: cells × countsPerCell slots. */
  packing: PackingLayout;
}

function slotsOf(measure: CombinationQuery['measure'], factors: number): { countsPerCell: number; shifts: number[] } {
  const holders = Array.from({ length: factors }, (_, i) => i);
  switch (measure.kind) {
    case 'all':
      return { countsPerCell: 1, shifts: [] };
    case 'patterns':
      return { countsPerCell: 2 ** factors, shifts: holders.map((i) => 2 ** i) };
    case 'outcomeByCount':
      return { countsPerCell: 2 * factors, shifts: holders.map((i) => (i === factors - 1 ? factors : 1)) };
    default:
      return { countsPerCell: factors + 1, shifts: holders.map(() => 1) };
  }
}

/** Every party derives it from the query, the number of records (in every receipt) and the key size. */
export function combinationLayout(query: CombinationQuery, records: number, keyBits: number): CombinationLayout {
  const encoding = query.measure.kind === 'all' ? 'product' : 'histogram';
  const masked = query.measure.kind === 'atLeast';
  const factors = query.factorHolders.length;
  const { countsPerCell, shifts } = slotsOf(query.measure, factors);
  const cells = slotCells(query);
  // A slot sums at most one 1 per record; a mask adds MASK_BITS more bits below the headroom bit.
  const base = packingLayout({
    cells: cells * countsPerCell,
    contributionBound: 1n,
    contributors: Math.max(1, records),
    keyBits,
    headroomBits: 1 + (masked ? MASK_BITS : 0),
  });
  const cellsPerPlaintext = Math.floor(base.slotsPerPlaintext / countsPerCell);
  if (cellsPerPlaintext < 1)
    throw new RangeError(`a cell of ${countsPerCell} × ${base.slotBits} bits does not fit a ${keyBits}-bit key`);
  const packing = { ...base, slotsPerPlaintext: cellsPerPlaintext * countsPerCell };
  return {
    encoding,
    masked,
    shifts,
    factors,
    cells,
    countsPerCell,
    slotBits: base.slotBits,
    cellsPerPlaintext,
    blocks: plaintextCount(packing),
    packing,
  };
}

export const blockOf = (layout: CombinationLayout, cell: number) => Math.floor(cell / layout.cellsPerPlaintext);

function slotValue(layout: CombinationLayout, cell: number, slot: number): bigint {
  const position = (cell % layout.cellsPerPlaintext) * layout.countsPerCell + slot;
  return 1n << BigInt(position * layout.slotBits);
}

/** What the population holder encrypts for a child in `cell`; `factor` is its own bit, null if it holds no factor. */
export function initialPlaintext(layout: CombinationLayout, cell: number, factor: boolean | null): bigint {
  if (layout.encoding === 'product') return factor === false ? 0n : slotValue(layout, cell, 0);
  return slotValue(layout, cell, factor ? layout.shifts[0] : 0);
}

/**
 * The plaintext factor that moves a cell's slots to the place of another cell (a margin's) in the packing:
 * 2^(slotBits · countsPerCell · distance) mod n, its inverse mod n when the target sits lower. Exact both
 * ways: a cell's plaintext is a multiple of 2 to the power of its own place.
 */
export function alignFactor(layout: CombinationLayout, from: number, to: number, n: bigint): bigint {
  const places = (to % layout.cellsPerPlaintext) - (from % layout.cellsPerPlaintext);
  const factor = 1n << BigInt(Math.abs(places) * layout.countsPerCell * layout.slotBits);
  return places >= 0 ? factor : modInv(factor, n);
}

/** The plaintext factor the holder at chain index `holder` applies with its factor in the histogram encodings: its slots up. */
export const shiftFactor = (layout: CombinationLayout, holder = 0) =>
  1n << BigInt(layout.slotBits * (layout.shifts[holder] ?? 1));

/** A block's masked plaintext: its cells' masks, packed like the counts they hide. */
export function maskPlaintext(layout: CombinationLayout, masks: Map<number, bigint[]>, block: number): bigint {
  let plaintext = 0n;
  for (const [cell, cellMasks] of masks) {
    if (blockOf(layout, cell) === block)
      cellMasks.forEach((mask, slot) => (plaintext += mask * slotValue(layout, cell, slot)));
  }
  return plaintext;
}

/** Decrypted blocks back to counts per cell: [cell][slot]. */
export function unpackCounts(layout: CombinationLayout, plaintexts: bigint[]): bigint[][] {
  const flat = unpackCells(plaintexts, layout.packing);
  return Array.from({ length: layout.cells }, (_, cell) =>
    flat.slice(cell * layout.countsPerCell, (cell + 1) * layout.countsPerCell),
  );
}
