import { Catalog, COMBINATION_YEAR, FieldSpec, LegalBasis, PolicySet } from '@bfa/policy';

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
  /** The legal bases a query may state (platform.yaml), for the builder's choice. */
  legalBases: Record<string, LegalBasis>;
  /** Every DPIA some partner accepts, with who accepts it until when, for the builder's choice. */
  dpias: { reference: string; title?: string; acceptedBy: { org: string; until: string }[] }[];
}

function acceptedDpias({ organisations }: PolicySet): PublishedCatalog['dpias'] {
  const byReference = new Map<string, PublishedCatalog['dpias'][number]>();
  for (const [org, policy] of Object.entries(organisations).sort(([a], [b]) => a.localeCompare(b))) {
    for (const dpia of policy.dpias) {
      const known = byReference.get(dpia.reference) ?? { reference: dpia.reference, ...(dpia.title ? { title: dpia.title } : {}), acceptedBy: [] };
      known.acceptedBy.push({ org, until: dpia.reviewDate });
      byReference.set(dpia.reference, known);
    }
  }
  return [...byReference.values()];
}

/** The table name, the child's column and the record bound stay with the nodes: the builder needs none of them. */
export function publishedCatalog(policies: PolicySet): PublishedCatalog {
  const { catalog, organisations, platform } = policies;
  const datasets = Object.fromEntries(
    Object.entries(catalog.datasets).map(([id, d]) => [
      id,
      { label: d.label, holders: d.holders, dimensions: d.dimensions, fields: d.fields, linkable: d.holders.length === 1 && Boolean(d.childKey) },
    ]),
  );
  const names = Object.fromEntries(Object.entries(organisations).map(([id, o]) => [id, o.name]));
  return { version: catalog.version, region: catalog.region, dimensions: catalog.dimensions, datasets, organisations: names, combinationYear: COMBINATION_YEAR, legalBases: platform.legalBases, dpias: acceptedDpias(policies) };
}
