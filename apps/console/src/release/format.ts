import { Language } from '../i18n';
import { CellLabels } from './cell-labels';
import { ReleaseLabel, ReleaseTranslate } from './release-i18n';
import { Release, ReleasedCell } from './release-types';

const LOCALES: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

export const numberFormat = (language: Language) => new Intl.NumberFormat(LOCALES[language]).format;

/** A mean, a rate or an interval's bound: one decimal. */
export const estimateFormat = (language: Language) =>
  new Intl.NumberFormat(LOCALES[language], { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format;

/** Which rule hid a cell, in words; secondary suppression is the complementary rule. */
export const ruleName = (t: ReleaseTranslate, rule: ReleasedCell['rule']) =>
  t(`rule.${rule ?? 'secondary'}` as ReleaseLabel);

/** A hidden cell as the table, the chart and the CSV's readers see it: the symbol and the rule, never a 0. */
export const hiddenMark = (t: ReleaseTranslate, cell: ReleasedCell) =>
  `${t('hiddenSymbol')} ${t('hidden')}: ${ruleName(t, cell.rule)}`;

export function measureLabel(t: ReleaseTranslate, release: Release, labels: CellLabels): string {
  const field = labels.field(release.measure.field ?? '');
  if (release.measure.kind === 'mean') return t('measureMeanSum', { field });
  if (release.measure.kind === 'rate') return t('measureRateCount', { per: release.measure.per ?? '' });
  return release.measure.kind === 'sum' ? t('measureSum', { field }) : t('measureCount');
}

/** The key a cell is found by in the page (data-key) and in the test: its coordinates in the release's dimension order. */
export const cellKey = (release: Release, cell: ReleasedCell) =>
  release.groupBy.map((d) => `${d}=${cell.coordinates[d]}`).join('|');
