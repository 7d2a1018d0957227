import { DataSource } from 'typeorm';
import { Catalog, cellGrid, datasetsOf, denominatorSpec, numeratorSpec } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { LocalCells, runLocalQuery } from './local-query';

/** The datasets of a query this node holds: what it reads (and locks) to execute it. */
export function heldDatasets(catalog: Catalog, spec: QuerySpec, org: string): string[] {
  return datasetsOf(spec).filter((dataset) => catalog.datasets[dataset]?.holders.includes(org));
}

/**
 * A rate's two parts on this node: the numerator's counts, then the denominator's, each from its own dataset and
 * filters where this node holds it and zeros where another partner does (the sum over the holders is both).
 */
export async function runRateQuery(
  records: DataSource,
  catalog: Catalog,
  spec: QuerySpec,
  org: string,
): Promise<LocalCells> {
  const zeros = cellGrid(catalog, spec.groupBy).map(() => 0n);
  const part = async (count: QuerySpec) =>
    catalog.datasets[count.dataset].holders.includes(org)
      ? (await runLocalQuery(records, catalog, count)).contributors
      : zeros;
  return { contributors: [...(await part(numeratorSpec(spec))), ...(await part(denominatorSpec(spec)))] };
}
