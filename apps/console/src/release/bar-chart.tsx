import { CellLabels } from './cell-labels';
import { cellKey, hiddenMark, measureLabel } from './format';
import { ReleaseTranslate } from './release-i18n';
import { Release, ReleasedCell } from './release-types';
import { HatchPattern } from './hatch';

const ROW = 22;
const LABEL_WIDTH = 360;
const BAR_WIDTH = 380;
const VALUE_WIDTH = 200;

interface Props {
  release: Release;
  cells: ReleasedCell[];
  category: string | undefined;
  labels: CellLabels;
  t: ReleaseTranslate;
  format: (value: number) => string;
}

/**
 * One horizontal bar per cell of the slice; a hidden cell gets a hatched mark and the words, not a bar of 0. An
 * image to assistive technology, named and described, and pointing at the table that holds the same values.
 */
export function BarChart({ release, cells, category, labels, t, format }: Props) {
  const max = Math.max(1, ...cells.map((c) => (c.suppressed ? 0 : Math.abs(c.value!))));
  const title = t('chartTitle', {
    measure: measureLabel(t, release, labels),
    dimension: category ? labels.dimension(category) : t('total'),
  });
  const height = cells.length * ROW + 8;
  return (
    <figure class="release-chart">
      <svg
        role="img"
        aria-labelledby="chart-title chart-desc"
        aria-describedby="release-table"
        width={LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH}
        height={height}
        viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH} ${height}`}
      >
        <title id="chart-title">{title}</title>
        <desc id="chart-desc">{t('chartDesc')}</desc>
        <defs>
          <HatchPattern id="chart-hatch" fill="#e0e0e0" />
        </defs>
        {cells.map((cell, i) => {
          const y = i * ROW + 4;
          const label = category ? labels.value(category, cell.coordinates[category]) : t('total');
          const width = cell.suppressed ? 0 : Math.max(1, (Math.abs(cell.value!) / max) * BAR_WIDTH);
          return (
            <g
              key={cellKey(release, cell)}
              class="bar"
              data-key={cellKey(release, cell)}
              data-suppressed={String(cell.suppressed)}
            >
              <text x={LABEL_WIDTH - 6} y={y + ROW / 2 + 4} text-anchor="end" fill="#1a1a1a" font-size="12">
                {label}
              </text>
              {cell.suppressed ? (
                <rect
                  x={LABEL_WIDTH}
                  y={y + 2}
                  width={ROW - 4}
                  height={ROW - 6}
                  fill="url(#chart-hatch)"
                  stroke="#595959"
                />
              ) : (
                <rect x={LABEL_WIDTH} y={y + 2} width={width} height={ROW - 6} fill="#3182bd" />
              )}
              <text
                x={LABEL_WIDTH + (cell.suppressed ? ROW : width) + 4}
                y={y + ROW / 2 + 4}
                fill="#1a1a1a"
                font-size="12"
              >
                {cell.suppressed ? hiddenMark(t, cell) : format(cell.value!)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
