import { join } from 'node:path';
import { loadPolicies } from '@bfa/policy';
import { publishedCatalog } from '../../../coordinator/src/queries/published-catalog';
import { loadCatalog, PublishedCatalog } from '../builder/catalog';
import { cellLabels } from './cell-labels';
import { measureLabel } from './format';
import { translate } from './release-i18n';
import { Release } from './release-types';

/** A sum over Sterk Huis's trajectories by wijk and age band, filtered on a field and the year, as GET /queries/:id/release gives it. */
const release: Release = {
  queryId: 'q',
  queryHash: 'h',
  dataset: 'youth_care_trajectories',
  measure: { kind: 'sum', field: 'duration_days' },
  groupBy: ['wijk', 'age_band'],
  filters: [
    { field: 'year', op: 'eq', value: 2024 },
    { field: 'out_of_home', op: 'eq', value: true },
  ],
  dataHolders: ['sterkhuis'],
  contributedBy: ['sterkhuis'],
  keyId: 'k',
  decryptedBy: ['gemeente', 'ggd'],
  minCellSize: 10,
  cells: [],
  protection: { rules: [], suppressedCells: 0, totalCells: 0 },
  releasedAt: '2026-11-30T12:00:00.000Z',
};

describe("the release view in the catalog's words", () => {
  const policies = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
  const catalog: PublishedCatalog = { ...publishedCatalog(policies), role: 'analyst' };
  const nl = cellLabels(release, translate('nl'), () => undefined, catalog);

  it("names the dataset, the measure's field, the filters' fields, the dimensions and the partners by the catalog's labels", () => {
    expect(nl.dataset('youth_care_trajectories')).toBe('Jeugdhulptrajecten (Sterk Huis)');
    expect(nl.dataset('health_monitor')).toBe('Gezondheidsmonitor jeugd (GGD)');
    expect(measureLabel(translate('nl'), release, nl)).toBe('Som van Duur van het traject in dagen');
    expect(
      measureLabel(
        translate('en'),
        release,
        cellLabels(release, translate('en'), () => undefined, catalog),
      ),
    ).toBe('Sum of Duur van het traject in dagen');
    expect(release.filters.map((f) => nl.field(f.field))).toEqual(['Jaar', 'Uithuisplaatsing']);
    expect(release.groupBy.map(nl.dimension)).toEqual(['Wijk (CBS 2014)', 'Leeftijdsklasse']);
    expect(nl.organisation('sterkhuis')).toBe(catalog.organisations.sterkhuis);
    expect(catalog.organisations.sterkhuis).not.toBe('sterkhuis');
  });

  it("takes a label from the catalog it is given, not from the console's own words", () => {
    const relabelled: PublishedCatalog = {
      ...catalog,
      dimensions: { ...catalog.dimensions, age_band: { ...catalog.dimensions.age_band, label: 'Leeftijd' } },
    };
    expect(cellLabels(release, translate('en'), () => undefined, relabelled).dimension('age_band')).toBe('Leeftijd');
  });

  it("falls back to the id only where the catalog has no label, and to the console's dimension names without a catalog", () => {
    expect(nl.dataset('no_such_dataset')).toBe('no_such_dataset');
    expect(nl.field('no_such_field')).toBe('no_such_field');
    expect(nl.organisation('elsewhere')).toBe('elsewhere');
    const bare = cellLabels(release, translate('en'), () => undefined);
    expect([
      bare.dataset(release.dataset),
      bare.field('duration_days'),
      bare.dimension('age_band'),
      bare.dimension('school'),
    ]).toEqual(['youth_care_trajectories', 'duration_days', 'Age band', 'school']);
  });

  it('reads GET /catalog once per sign-in for the builder and the release view, and again after a failed read', async () => {
    const paths: string[] = [];
    let fail = true;
    const api = {
      get: async <T>(path: string) => (paths.push(path), fail ? Promise.reject(new Error('offline')) : (catalog as T)),
    };
    await expect(loadCatalog(api)).rejects.toThrow('offline');
    fail = false;
    await expect(Promise.all([loadCatalog(api), loadCatalog(api)])).resolves.toEqual([catalog, catalog]);
    await loadCatalog(api);
    expect(paths).toEqual(['/catalog', '/catalog']);
    await loadCatalog({ get: async <T>(path: string) => (paths.push(path), catalog as T) });
    expect(paths).toHaveLength(3);
  });
});
