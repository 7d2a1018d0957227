import { CellLabels } from './cell-labels';
import { measureLabel, ruleName } from './format';
import { ReleaseLabel, ReleaseTranslate } from './release-i18n';
import { Release, ReleaseRule } from './release-types';

const CHANGES_VALUES: ReleaseRule[] = ['rounding', 'noise'];

/** A rule's parameters as its explanation uses them (a protection fraction as a percentage, the noise budget as ε or ρ). */
function explanation(t: ReleaseTranslate, rule: ReleaseRule, parameters: Record<string, number>): string {
  const values: Record<string, string | number> = {
    ...parameters,
    fraction: Math.round((parameters.upperProtectionFraction ?? 0) * 100),
    absolute: parameters.upperProtectionAbsolute ?? 0,
    budget: 'rho' in parameters ? `ρ = ${parameters.rho}` : `ε = ${parameters.epsilon}`,
  };
  return t(`explain.${rule}` as ReleaseLabel, values);
}

const filterText = (labels: CellLabels) => (f: { field: string; op: string; value: unknown }) =>
  `${labels.field(f.field)} ${f.op} ${JSON.stringify(f.value)}`;

/** What was released and how it was protected, in words: which rule hid how many cells, rounding or noise, k. */
export function ProtectionSummary({
  release,
  labels,
  t,
  when,
}: {
  release: Release;
  labels: CellLabels;
  t: ReleaseTranslate;
  when: (iso: string) => string;
}) {
  const { protection } = release;
  const list = (items: string[]) => (items.length ? items.join(', ') : t('none'));
  return (
    <div class="release-summary">
      <dl>
        <dt>{t('dataset')}</dt>
        <dd>{labels.dataset(release.dataset)}</dd>
        <dt>{t('measure')}</dt>
        <dd>{measureLabel(t, release, labels)}</dd>
        <dt>{t('filters')}</dt>
        <dd>{list(release.filters.map(filterText(labels)))}</dd>
        {release.combination && (
          <>
            <dt>{t('factors')}</dt>
            <dd>
              {release.cocktail
                ? t('cocktailFactors')
                : release.effect
                  ? t('cohortOutcomes')
                  : release.combination.atLeast
                    ? t('atLeastFactors', { m: release.combination.atLeast })
                    : t('allFactors')}
              : {release.combination.factors.map((f) => `${f.label} (${labels.dataset(f.dataset)})`).join('; ')}
            </dd>
          </>
        )}
        <dt>{t('contributedBy')}</dt>
        <dd>{list(release.contributedBy.map(labels.organisation))}</dd>
        <dt>{t('decryptedBy')}</dt>
        <dd>{list(release.decryptedBy.map(labels.organisation))}</dd>
        <dt>{t('minCellSize')}</dt>
        <dd>{release.minCellSize}</dd>
        <dt>{t('releasedAt')}</dt>
        <dd>{when(release.releasedAt)}</dd>
      </dl>
      <h4>{t('summary')}</h4>
      <p class="release-counts">
        {t('shownOf', {
          shown: protection.totalCells - protection.suppressedCells,
          total: protection.totalCells,
          hidden: protection.suppressedCells,
        })}
      </p>
      <h4 id="release-legend-title">{t('legend')}</h4>
      <p>{t('legendSymbol')}</p>
      <ul class="release-legend" aria-labelledby="release-legend-title">
        {protection.rules.map(({ rule, parameters, cells }) => (
          <li key={rule} data-rule={rule} data-cells={cells}>
            <strong>
              {CHANGES_VALUES.includes(rule) ? '' : `${t('hiddenSymbol')} `}
              {ruleName(t, rule)}
            </strong>
            : {t(CHANGES_VALUES.includes(rule) ? 'cellsChanged' : 'cellsHidden', { cells })};{' '}
            {explanation(t, rule, parameters)}
          </li>
        ))}
      </ul>
    </div>
  );
}
