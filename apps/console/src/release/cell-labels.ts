import { PublishedCatalog } from '../builder/catalog';
import { ReleaseLabel, ReleaseTranslate } from './release-i18n';
import { Release, TOTAL } from './release-types';

const WIJK_CODE = /^WK\d{6}$/;

/** The release's wijk dimension, as the coordinator recognises it: every value a CBS wijk code, a gemeente's or the total. */
export function wijkDimension(release: Release): string | undefined {
  return release.groupBy.find((name) => release.cells.some((c) => WIJK_CODE.test(String(c.coordinates[name]))));
}

export const isWijk = (code: string | number) => WIJK_CODE.test(String(code));

export interface CellLabels {
  /** A dataset in the catalog's words (the release's own or a combination factor's). */
  dataset: (id: string) => string;
  /** A field of the release's dataset (the measure's, a filter's), or a dimension filtered on, in the catalog's words. */
  field: (name: string) => string;
  organisation: (id: string) => string;
  dimension: (name: string) => string;
  value: (dimension: string, code: string | number) => string;
}

/**
 * The release in the catalog's words (GET /catalog, as the builder offered it): datasets, fields, partners and dimensions
 * by their labels, wijken and gemeenten by name with their code, age bands in years, totals as such. Without the catalog,
 * or where it has no label, a dimension gets the console's own name for it and anything else its id.
 */
export function cellLabels(
  release: Release,
  t: ReleaseTranslate,
  placeName: (code: string) => string | undefined,
  catalog: PublishedCatalog | null = null,
): CellLabels {
  const wijk = wijkDimension(release);
  const dimension = (name: string) => {
    const label = `dimension.${name}` as ReleaseLabel;
    return catalog?.dimensions[name]?.label ?? (t(label) === label ? name : t(label));
  };
  return {
    dataset: (id) => catalog?.datasets[id]?.label ?? id,
    field: (name) =>
      catalog?.datasets[release.dataset]?.fields[name]?.label ?? (catalog?.dimensions[name] ? dimension(name) : name),
    organisation: (id) => catalog?.organisations[id] ?? id,
    dimension,
    value: (dimension, code) => {
      if (code === TOTAL) return dimension === wijk ? t('region') : t('total');
      if (dimension === wijk) return placeName(String(code)) ? `${placeName(String(code))} (${code})` : String(code);
      if (dimension === 'age_band') return t('years', { band: code });
      return String(code);
    },
  };
}
