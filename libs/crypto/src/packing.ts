/**
 * Several cells in one Paillier plaintext: cell j of a block sits in bits [j·w, (j+1)·w). Adding packed
 * plaintexts adds slot by slot, exactly, as long as no slot sum reaches 2^w, which the layout rules out
 * for contributions within the declared bound.
 */
export interface PackingLayout {
  cells: number;
  /** The largest value one contributor may put in a cell. */
  contributionBound: bigint;
  /** How many contributions may be added together. */
  contributors: number;
  slotBits: number;
  slotsPerPlaintext: number;
}

export interface PackingRequest {
  cells: number;
  contributionBound: bigint;
  contributors: number;
  /** Bit length of the Paillier modulus n. */
  keyBits: number;
  /** Spare bits per slot beyond the exact bound; 0 is already overflow-free. */
  headroomBits?: number;
}

const bitLength = (value: bigint) => (value === 0n ? 0 : value.toString(2).length);

export function packingLayout(request: PackingRequest): PackingLayout {
  const { cells, contributionBound, contributors, keyBits, headroomBits = 1 } = request;
  if (!Number.isInteger(cells) || cells < 1) throw new RangeError('a layout needs at least one cell');
  if (contributionBound < 0n) throw new RangeError('the contribution bound must be non-negative');
  if (!Number.isInteger(contributors) || contributors < 1)
    throw new RangeError('a layout needs at least one contributor');
  const slotBits = Math.max(1, bitLength(contributionBound * BigInt(contributors))) + headroomBits;
  // Packed plaintexts and their sums stay below 2^(keyBits−1) < n, so nothing wraps modulo n.
  const slotsPerPlaintext = Math.floor((keyBits - 1) / slotBits);
  if (slotsPerPlaintext < 1) throw new RangeError(`a ${slotBits}-bit slot does not fit a ${keyBits}-bit key`);
  return { cells, contributionBound, contributors, slotBits, slotsPerPlaintext };
}

/** A layout of one cell per plaintext: what an unpacked run uses. */
export function unpackedLayout(layout: PackingLayout): PackingLayout {
  return { ...layout, slotsPerPlaintext: 1 };
}

export function plaintextCount(layout: PackingLayout): number {
  return Math.ceil(layout.cells / layout.slotsPerPlaintext);
}

export function packCells(values: bigint[], layout: PackingLayout): bigint[] {
  if (values.length !== layout.cells) throw new RangeError(`expected ${layout.cells} cells, got ${values.length}`);
  values.forEach((v, i) => {
    if (v < 0n || v > layout.contributionBound)
      throw new RangeError(`cell ${i} is outside [0, ${layout.contributionBound}]`);
  });
  const width = BigInt(layout.slotBits);
  return Array.from({ length: plaintextCount(layout) }, (_, block) =>
    values
      .slice(block * layout.slotsPerPlaintext, (block + 1) * layout.slotsPerPlaintext)
      .reduceRight((packed, value) => (packed << width) | value, 0n),
  );
}

export function unpackCells(plaintexts: bigint[], layout: PackingLayout): bigint[] {
  if (plaintexts.length !== plaintextCount(layout))
    throw new RangeError(`expected ${plaintextCount(layout)} plaintexts, got ${plaintexts.length}`);
  const width = BigInt(layout.slotBits);
  const mask = (1n << width) - 1n;
  const cells: bigint[] = [];
  for (const plaintext of plaintexts) {
    let rest = plaintext;
    for (let slot = 0; slot < layout.slotsPerPlaintext && cells.length < layout.cells; slot++, rest >>= width)
      cells.push(rest & mask);
    if (rest !== 0n) throw new RangeError('a plaintext has bits beyond its last slot');
  }
  return cells;
}
