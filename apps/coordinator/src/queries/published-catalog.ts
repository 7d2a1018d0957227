import { Catalog, COMBINATION_YEAR, FieldSpec, PolicySet } from '@bfa/policy';

/** A dataset as the query builder may offer it: its words and what may be asked, not where its records live. */
export interface PublishedDataset {
  label: string;
  holders: string[];
  dimensions: string[];
  fields: Record<string, FieldSpec>;
  /** Held by one partner that can link its records per child: a combination's population or factor. */
  linkable: boolean;
}

/** GET /catalog: what policies/catalog.yaml publishes to analysts, and the partners' names; nothing from any record. */
export interface PublishedCatalog {
  version: number;
  region: string;
  dimensions: Catalog['dimensions'];
  datasets: Record<string, PublishedDataset>;
  organisations: Record<string, string>;
  combinationYear: string;
}

/** The table name, the child's column and the record bound stay with the nodes: the builder needs none of them. */
export function publishedCatalog({ catalog, organisations }: PolicySet): PublishedCatalog {
  const datasets = Object.fromEntries(
    Object.entries(catalog.datasets).map(([id, d]) => [
      id,
      { label: d.label, holders: d.holders, dimensions: d.dimensions, fields: d.fields, linkable: d.holders.length === 1 && Boolean(d.childKey) },
    ]),
  );
  const names = Object.fromEntries(Object.entries(organisations).map(([id, o]) => [id, o.name]));
  return { version: catalog.version, region: catalog.region, dimensions: catalog.dimensions, datasets, organisations: names, combinationYear: COMBINATION_YEAR };
}
