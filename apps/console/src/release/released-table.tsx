import { CellLabels } from './cell-labels';
import { cellKey, hiddenMark } from './format';
import { ReleaseTranslate } from './release-i18n';
import { Release } from './release-types';

interface Props {
  release: Release;
  labels: CellLabels;
  t: ReleaseTranslate;
  format: (value: number) => string;
}

/** Every cell of the release, in the API's order and the catalog's words; a hidden cell shows the symbol and its rule, never a number. */
export function ReleasedTable({ release, labels, t, format }: Props) {
  return (
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
        </tr>
      </thead>
      <tbody>
        {release.cells.map((cell) => (
          <tr key={cellKey(release, cell)} data-key={cellKey(release, cell)} data-suppressed={String(cell.suppressed)} data-rule={cell.rule ?? ''}>
            {release.groupBy.map((d) => (
              <td key={d}>{labels.value(d, cell.coordinates[d])}</td>
            ))}
            <td class={cell.suppressed ? 'number hidden-cell' : 'number'}>{cell.suppressed ? hiddenMark(t, cell) : format(cell.value!)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
