import { PackingLayout, packingLayout, plaintextCount } from '@bfa/crypto';
import { ExpectedCiphertexts, QueryEnvelope, QuerySpec, queryHash } from '@bfa/protocol';
import { Catalog } from './catalog';
import { cellGrid } from './cell-grid';

/** How a query's cells are packed into plaintexts: the same for every node, key holder and the coordinator. */
export interface ContributionLayouts {
  contributors: PackingLayout;
  sums?: PackingLayout;
}

/**
 * Slot widths follow from the catalog's declared bounds: a count is at most maxRecordsPerHolder per
 * holder, a sum at most that times the field's max, and the aggregate adds one contribution per holder.
 */
export function contributionLayouts(catalog: Catalog, spec: QuerySpec, keyBits: number): ContributionLayouts {
  const dataset = catalog.datasets[spec.dataset];
  const common = { cells: cellGrid(catalog, spec.groupBy).length, contributors: dataset.holders.length, keyBits };
  const records = BigInt(dataset.maxRecordsPerHolder);
  const contributors = packingLayout({ ...common, contributionBound: records });
  if (spec.measure.kind !== 'sum') return { contributors };
  const fieldMax = BigInt(dataset.fields[spec.measure.field!].max ?? 0);
  return { contributors, sums: packingLayout({ ...common, contributionBound: records * fieldMax }) };
}

/** What every contribution to this query must look like: query, key and number of packed ciphertexts. */
export function expectedCiphertexts(catalog: Catalog, envelope: QueryEnvelope, key: { keyId: string; bits: number }): ExpectedCiphertexts {
  const layouts = contributionLayouts(catalog, envelope.spec, key.bits);
  return {
    queryHash: queryHash(envelope),
    keyId: key.keyId,
    contributors: plaintextCount(layouts.contributors),
    sums: layouts.sums && plaintextCount(layouts.sums),
  };
}
