import { CellLabels } from './cell-labels';
import { cellKey, estimateFormat, hiddenMark } from './format';
import { ReleaseTranslate, useLanguage } from './release-i18n';
import { CellEstimate, Release, ReleasedCell } from './release-types';

interface Props {
  release: Release;
  labels: CellLabels;
  t: ReleaseTranslate;
  format: (value: number) => string;
}

/** Every cell of the release, in the API's order and the catalog's words; a hidden cell shows the symbol and its rule, never a number. */
export function ReleasedTable({ release, labels, t, format }: Props) {
  const estimates = new Map((release.estimates?.cells ?? []).map((e) => [cellKey(release, e as ReleasedCell), e]));
  const fixed = estimateFormat(useLanguage());
  return (
    <>
      <table class="release-table" id="release-table">
        <caption>{t('releaseOf')}</caption>
        <thead>
          <tr>
            {release.groupBy.map((d) => (
              <th key={d} scope="col">
                {labels.dimension(d)}
              </th>
            ))}
            <th scope="col" class="number">
              {t('value')}
            </th>
            {release.estimates && (
              <>
                <th scope="col" class="number">
                  {t('estimate')}
                </th>
                <th scope="col" class="number">
                  {t('interval')}
                </th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {release.cells.map((cell) => (
            <tr
              key={cellKey(release, cell)}
              data-key={cellKey(release, cell)}
              data-suppressed={String(cell.suppressed)}
              data-rule={cell.rule ?? ''}
            >
              {release.groupBy.map((d) => (
                <td key={d}>{labels.value(d, cell.coordinates[d])}</td>
              ))}
              <td class={cell.suppressed ? 'number hidden-cell' : 'number'}>
                {cell.suppressed ? hiddenMark(t, cell) : format(cell.value!)}
              </td>
              {release.estimates && (
                <EstimateCells estimate={estimates.get(cellKey(release, cell))} t={t} fixed={fixed} />
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {release.estimates && <p class="release-method">{methodText(release, t)}</p>}
    </>
  );
}

function methodText(release: Release, t: ReleaseTranslate): string {
  if (release.measure.kind === 'mean') return t('methodMean');
  return t('methodRate', {
    per: release.measure.per ?? '',
    interval: release.measure.interval === 'exact' ? 'Clopper–Pearson' : 'Wilson',
  });
}

/** A cell's estimate and interval; empty where its parts were hidden (the value column already says why). */
function EstimateCells({
  estimate,
  t,
  fixed,
}: {
  estimate?: CellEstimate;
  t: ReleaseTranslate;
  fixed: (value: number) => string;
}) {
  const shown = estimate && !estimate.suppressed;
  const interval = shown && estimate.interval;
  return (
    <>
      <td class="number">{shown && estimate.estimate !== undefined ? fixed(estimate.estimate) : ''}</td>
      <td class="number">
        {interval ? t('intervalRange', { lower: fixed(interval[0]), upper: fixed(interval[1]) }) : ''}
      </td>
    </>
  );
}
