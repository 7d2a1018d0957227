import { COMBINATION_YEAR, PolicySet } from '@bfa/policy';
import { PublishedCatalog } from './published-catalog-shape';

export type { PublishedCatalog, PublishedDataset } from './published-catalog-shape';

function acceptedDpias({ organisations }: PolicySet): PublishedCatalog['dpias'] {
  const byReference = new Map<string, PublishedCatalog['dpias'][number]>();
  for (const [org, policy] of Object.entries(organisations).sort(([a], [b]) => a.localeCompare(b))) {
    for (const dpia of policy.dpias) {
      const known = byReference.get(dpia.reference) ?? {
        reference: dpia.reference,
        ...(dpia.title ? { title: dpia.title } : {}),
        acceptedBy: [],
      };
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
      {
        label: d.label,
        holders: d.holders,
        dimensions: d.dimensions,
        fields: d.fields,
        linkable: d.holders.length === 1 && Boolean(d.childKey),
        population: Boolean(d.population),
      },
    ]),
  );
  const names = Object.fromEntries(Object.entries(organisations).map(([id, o]) => [id, o.name]));
  return {
    version: catalog.version,
    region: catalog.region,
    dimensions: catalog.dimensions,
    datasets,
    organisations: names,
    combinationYear: COMBINATION_YEAR,
    legalBases: platform.legalBases,
    dpias: acceptedDpias(policies),
  };
}
