import { blockOf, combinationLayout, initialPlaintext, maskPlaintext, shiftFactor, unpackCounts } from '../layout';
import { CombinationMeasure, CombinationQuery } from '../query';

export function query(
  factors: number,
  cells: number,
  measure: CombinationMeasure,
  populationHoldsFactor = true,
): CombinationQuery {
  const holders = Array.from({ length: factors }, (_, i) => (i === 0 && populationHoldsFactor ? 'pop' : `f${i}`));
  return {
    queryId: 'q',
    secretId: 's',
    keyId: 'k',
    measure,
    populationHolder: 'pop',
    factorHolders: holders,
    cells: Array.from({ length: cells }, (_, i) => `c${i}`),
    minRecords: 1,
  };
}

/** The protocol on plaintexts: what the homomorphic operations compute, record by record. */
export function simulate(
  q: CombinationQuery,
  keyBits: number,
  records: { cell: number; bits: boolean[] }[],
  masks = new Map<number, bigint[]>(),
) {
  const layout = combinationLayout(q, records.length, keyBits);
  const owns = q.factorHolders[0] === q.populationHolder;
  const blocks = Array.from({ length: layout.blocks }, (_, block) => maskPlaintext(layout, masks, block));
  for (const { cell, bits } of records) {
    let m = initialPlaintext(layout, cell, owns ? bits[0] : null);
    bits.forEach((bit, holder) => {
      if (owns && holder === 0) return;
      m = layout.encoding === 'product' ? (bit ? m : 0n) : bit ? m * shiftFactor(layout, holder) : m;
    });
    blocks[blockOf(layout, cell)] += m;
  }
  if (blocks.some((p) => p >= 1n << BigInt(keyBits - 1))) throw new RangeError('a block overflows the plaintext');
  return { layout, counts: unpackCounts(layout, blocks) };
}
