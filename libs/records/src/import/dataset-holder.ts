import { Catalog } from '@bfa/policy';

/**
 * Why `org` may not load records into `dataset` (null when it may): the catalog must list it as a holder.
 * Both doors of the import ask it first: `bfa data import` and the node's `POST /steward/data/import`.
 */
export function holderProblem(catalog: Catalog, org: string, dataset: string): string | null {
  const spec = catalog.datasets[dataset];
  if (!spec) return `no dataset ${dataset} in the catalog`;
  if (!spec.holders.includes(org)) return `${org} is not a holder of ${dataset} in the catalog`;
  return null;
}
