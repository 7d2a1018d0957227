import { ReleaseLabel, ReleaseTranslate } from './release-i18n';
import { Release, TOTAL } from './release-types';

const WIJK_CODE = /^WK\d{6}$/;

/** The release's wijk dimension, as the coordinator recognises it: every value a CBS wijk code, a gemeente's or the total. */
export function wijkDimension(release: Release): string | undefined {
  return release.groupBy.find((name) => release.cells.some((c) => WIJK_CODE.test(String(c.coordinates[name]))));
}

export const isWijk = (code: string | number) => WIJK_CODE.test(String(code));

export interface CellLabels {
  dimension: (name: string) => string;
  value: (dimension: string, code: string | number) => string;
}

/** Dimensions and their values in the catalog's words: wijken and gemeenten by name with their code, age bands in years, totals as such. */
export function cellLabels(release: Release, t: ReleaseTranslate, placeName: (code: string) => string | undefined): CellLabels {
  const wijk = wijkDimension(release);
  return {
    dimension: (name) => {
      const label = `dimension.${name}` as ReleaseLabel;
      return t(label) === label ? name : t(label);
    },
    value: (dimension, code) => {
      if (code === TOTAL) return dimension === wijk ? t('region') : t('total');
      if (dimension === wijk) return placeName(String(code)) ? `${placeName(String(code))} (${code})` : String(code);
      if (dimension === 'age_band') return t('years', { band: code });
      return String(code);
    },
  };
}
