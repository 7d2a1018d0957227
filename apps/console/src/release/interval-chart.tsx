import { HatchPattern } from './hatch';

/** One row of an interval chart: an estimate with its 95% interval, or why there is none (hidden, not estimable). */
export interface IntervalRow {
  key: string;
  label: string;
  estimate?: number;
  interval?: [number, number];
  /** Shown instead of the estimate when there is none: the hidden mark and its rule, or why it can't be estimated. */
  missing?: string;
}

interface Props {
  /** Unique within the page: the title and description are found by it. */
  id: string;
  rows: IntervalRow[];
  title: string;
  desc: string;
  /** The table with the same numbers, for assistive technology. */
  tableId: string;
  format: (value: number) => string;
  /** Relative risks and odds ratios: a log axis, with the line of no effect at 1. */
  log?: boolean;
}

const ROW = 24;
const LABEL_WIDTH = 300;
const PLOT_WIDTH = 380;
const VALUE_WIDTH = 240;
const AXIS = 30;

/** The axis's ends: every estimate and bound drawn, and 1 on a log axis (0 on a linear one), with a little room. */
function extent(rows: IntervalRow[], log: boolean): [number, number] {
  const values = rows
    .flatMap((r) => [r.estimate, ...(r.interval ?? [])])
    .filter((v): v is number => v !== undefined && Number.isFinite(v) && (!log || v > 0));
  const all = [...values, log ? 1 : 0];
  const [lo, hi] = [Math.min(...all), Math.max(...all)];
  if (log) return [lo / 1.2, hi * 1.2];
  const pad = (hi - lo || 1) * 0.05;
  return [lo - (lo < 0 ? pad : 0), hi + pad];
}

/**
 * A forest-style chart, hand-written SVG: a dot per estimate and a line over its interval, one row each; a row without
 * an estimate says why in words, with a hatched mark, never a dot at 0. An image to assistive technology, pointing at
 * the table that holds the same numbers.
 */
export function IntervalChart({ id, rows, title, desc, tableId, format, log = false }: Props) {
  const [lo, hi] = extent(rows, log);
  const scale = log ? (v: number) => Math.log(v) : (v: number) => v;
  const x = (v: number) =>
    LABEL_WIDTH + ((scale(Math.min(Math.max(v, lo), hi)) - scale(lo)) / (scale(hi) - scale(lo))) * PLOT_WIDTH;
  const height = rows.length * ROW + AXIS;
  const reference = log ? 1 : 0;
  const width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH;
  return (
    <figure class={`interval-chart ${id}`}>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        aria-describedby={tableId}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        <defs>
          <HatchPattern id={`${id}-hatch`} fill="#e0e0e0" />
        </defs>
        <line
          class="reference"
          x1={x(reference)}
          y1={0}
          x2={x(reference)}
          y2={rows.length * ROW}
          stroke="#595959"
          stroke-dasharray="4 3"
        />
        <text x={x(reference)} y={rows.length * ROW + 16} text-anchor="middle" fill="#1a1a1a" font-size="12">
          {format(reference)}
        </text>
        {rows.map((row, i) => {
          const y = i * ROW + ROW / 2;
          const shown = row.estimate !== undefined;
          return (
            <g
              key={row.key}
              class="interval"
              data-key={row.key}
              data-estimate={shown ? String(row.estimate) : ''}
              data-lower={row.interval ? String(row.interval[0]) : ''}
              data-upper={row.interval ? String(row.interval[1]) : ''}
            >
              <text x={LABEL_WIDTH - 6} y={y + 4} text-anchor="end" fill="#1a1a1a" font-size="12">
                {row.label}
              </text>
              {row.interval && (
                <line x1={x(row.interval[0])} y1={y} x2={x(row.interval[1])} y2={y} stroke="#08519c" stroke-width="2" />
              )}
              {shown ? (
                <circle cx={x(row.estimate!)} cy={y} r={5} fill="#08519c" />
              ) : (
                <rect x={LABEL_WIDTH} y={y - 7} width={14} height={14} fill={`url(#${id}-hatch)`} stroke="#595959" />
              )}
              <text x={LABEL_WIDTH + PLOT_WIDTH + 8} y={y + 4} fill="#1a1a1a" font-size="12">
                {shown
                  ? `${format(row.estimate!)}${row.interval ? ` (${format(row.interval[0])}–${format(row.interval[1])})` : ''}`
                  : row.missing}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
