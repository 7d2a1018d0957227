import { join } from 'node:path';
import { loadPolicies } from '@bfa/policy';
import { publishedCatalog } from './published-catalog';

describe('the catalog the query builder is given', () => {
  const policies = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
  const published = publishedCatalog(policies);

  it("offers every dataset with its label, dimensions and fields, and the partners' names", () => {
    expect(Object.keys(published.datasets).sort()).toEqual(Object.keys(policies.catalog.datasets).sort());
    expect(published.datasets.youth_care_trajectories).toMatchObject({
      label: 'Jeugdhulptrajecten (Sterk Huis)',
      holders: ['sterkhuis'],
      linkable: true,
    });
    expect(published.datasets.risk_signals.linkable).toBe(false);
    expect(published.dimensions.year.values).toEqual(policies.catalog.dimensions.year.values);
    expect(published.organisations.sterkhuis).toBe('Sterk Huis (jeugdhulp)');
  });

  it("keeps where the records live with the nodes: no table, no child's column, no record bound", () => {
    const text = JSON.stringify(published);
    for (const dataset of Object.values(policies.catalog.datasets))
      if (dataset.childKey) expect(text).not.toContain(dataset.childKey);
    expect(text).not.toContain('"table"');
    expect(text).not.toContain('maxRecordsPerHolder');
    expect(text).not.toContain('childKey');
  });
});
