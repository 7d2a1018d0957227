import { CellLabels } from './cell-labels';
import { useCocktailT } from './analysis-i18n';
import { save } from './downloads';
import { estimatesByKey, estimatesCsv } from './estimates-csv';
import { cellKey, estimateFormat, measureLabel } from './format';
import { IntervalChart } from './interval-chart';
import { ReleaseTranslate, useLanguage } from './release-i18n';
import { Release, ReleasedCell } from './release-types';

interface Props {
  release: Release;
  /** The slice the bar chart shows: the same cells, now as estimates with their intervals. */
  cells: ReleasedCell[];
  category: string | undefined;
  labels: CellLabels;
  t: ReleaseTranslate;
}

/** A mean or rate release: each cell's estimate with its 95% interval as a chart (the table holds the same numbers), and their CSV. */
export function EstimatesView({ release, cells, category, labels, t }: Props) {
  const c = useCocktailT();
  const fixed = estimateFormat(useLanguage());
  const estimates = estimatesByKey(release);
  const rows = cells.map((cell) => {
    const key = cellKey(release, cell);
    const e = estimates.get(key);
    const shown = e && !e.suppressed && e.estimate !== undefined;
    return {
      key,
      label: category ? labels.value(category, cell.coordinates[category]) : t('total'),
      ...(shown ? { estimate: e.estimate, interval: e.interval } : { missing: c('noEstimate') }),
    };
  });
  const title = c('estimatesTitle', {
    measure: measureLabel(t, release, labels),
    dimension: category ? labels.dimension(category) : t('total'),
  });
  return (
    <section class="release-estimates" aria-labelledby="estimates-heading">
      <h4 id="estimates-heading">{c('estimatesChart')}</h4>
      <IntervalChart
        id="estimates-chart"
        rows={rows}
        title={title}
        desc={c('estimatesDesc')}
        tableId="release-table"
        format={fixed}
      />
      <button
        type="button"
        class="download-estimates"
        onClick={() =>
          save(`estimates-${release.queryId}.csv`, 'text/csv;charset=utf-8', estimatesCsv(release, labels))
        }
      >
        {c('downloadEstimates')}
      </button>
      <p class="help">{c('estimatesCsvHelp')}</p>
    </section>
  );
}
