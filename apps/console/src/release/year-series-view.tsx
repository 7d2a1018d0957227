import { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { CellLabels } from './cell-labels';
import { hiddenMark, measureLabel } from './format';
import { HatchPattern } from './hatch';
import { ReleaseTranslate } from './release-i18n';
import { Release, TOTAL } from './release-types';
import { categoryOf } from './slice';
import { seriesPlaces, seriesPoints, yearTabs } from './year-series';

const tabId = (year: string) => `year-tab-${year}`;

/** The years as tabs (arrow keys move between them, as the ARIA tabs pattern has it); the panel holds the chosen year's map, chart and table. */
export function YearTabs({
  series,
  year,
  onYear,
  t,
  children,
}: {
  series: NonNullable<Release['series']>;
  year: string;
  onYear: (year: string) => void;
  t: ReleaseTranslate;
  children: ComponentChildren;
}) {
  const tabs = yearTabs(series);
  const move = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = tabs[(tabs.indexOf(year) + step + tabs.length) % tabs.length];
    onYear(next);
    document.getElementById(tabId(next))?.focus();
  };
  return (
    <div class="year-series">
      <div role="tablist" aria-label={t('seriesTabs')} class="year-tabs" onKeyDown={move}>
        {tabs.map((y) => (
          <button
            key={y}
            type="button"
            role="tab"
            id={tabId(y)}
            class="year-tab"
            data-year={y}
            aria-selected={y === year}
            aria-controls="year-panel"
            tabIndex={y === year ? 0 : -1}
            onClick={() => onYear(y)}
          >
            {y === TOTAL ? t('acrossYears') : y}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="year-panel" aria-labelledby={tabId(year)} data-year={year}>
        {children}
      </div>
    </div>
  );
}

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 110, right: 110, top: 20, bottom: 40 };

interface ChartProps {
  release: Release;
  slice: Record<string, string | number>;
  labels: CellLabels;
  t: ReleaseTranslate;
  format: (value: number) => string;
}

/** A line of one place over the years (the region first; any wijk or gemeente chosen); a hidden year is an open point with ×, no line through it. */
export function SeriesChart({ release, slice, labels, t, format }: ChartProps) {
  const category = categoryOf(release)!;
  const places = seriesPlaces(release);
  const [place, setPlace] = useState(places[0]);
  const points = seriesPoints(release, place, slice);
  const max = Math.max(1, ...points.map((p) => (p.cell && !p.cell.suppressed ? p.cell.value! : 0)));
  const x = (i: number) =>
    PAD.left + (points.length < 2 ? 0 : (i * (WIDTH - PAD.left - PAD.right)) / (points.length - 1));
  const y = (v: number) => HEIGHT - PAD.bottom - (v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const shown = points.map((p, i) => (p.cell && !p.cell.suppressed ? { i, v: p.cell.value! } : null));
  const segments = shown.slice(1).flatMap((p, i) => (p && shown[i] ? [[shown[i]!, p]] : []));
  const name = labels.value(category, place);
  return (
    <figure class="series-chart">
      <label>
        {t('seriesOf')}{' '}
        <select
          class="series-place"
          value={String(place)}
          onChange={(e) => setPlace(places.find((p) => String(p) === e.currentTarget.value)!)}
        >
          {places.map((p) => (
            <option key={String(p)} value={String(p)}>
              {labels.value(category, p)}
            </option>
          ))}
        </select>
      </label>
      <svg
        role="img"
        aria-labelledby="series-title series-desc"
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      >
        <title id="series-title">{t('seriesTitle', { measure: measureLabel(t, release, labels), place: name })}</title>
        <desc id="series-desc">{t('seriesDesc')}</desc>
        <defs>
          <HatchPattern id="series-hatch" fill="#e0e0e0" />
        </defs>
        <line x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} stroke="#595959" />
        {segments.map(([a, b]) => (
          <line
            key={`${a.i}-${b.i}`}
            class="series-line"
            x1={x(a.i)}
            y1={y(a.v)}
            x2={x(b.i)}
            y2={y(b.v)}
            stroke="#3182bd"
            stroke-width="2"
          />
        ))}
        {points.map((p, i) => {
          const hidden = !p.cell || p.cell.suppressed;
          const cy = hidden ? HEIGHT - PAD.bottom - 10 : y(p.cell!.value!);
          return (
            <g key={p.year} class="series-point" data-year={p.year} data-suppressed={String(hidden)}>
              <circle
                cx={x(i)}
                cy={cy}
                r={hidden ? 7 : 4}
                fill={hidden ? 'url(#series-hatch)' : '#3182bd'}
                stroke={hidden ? '#595959' : '#3182bd'}
              />
              <text x={x(i)} y={cy - 10} text-anchor="middle" fill="#1a1a1a" font-size="12">
                {hidden ? (p.cell ? hiddenMark(t, p.cell) : t('hiddenSymbol')) : format(p.cell!.value!)}
              </text>
              <text x={x(i)} y={HEIGHT - PAD.bottom + 18} text-anchor="middle" fill="#1a1a1a" font-size="12">
                {p.year}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
