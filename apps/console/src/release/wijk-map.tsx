import { geoMercator, geoPath } from 'd3-geo';
import { CellLabels } from './cell-labels';
import { classOf, colourClasses, ColourClass } from './colour-classes';
import { measureLabel } from './format';
import { ReleaseTranslate } from './release-i18n';
import { Release, ReleasedCell } from './release-types';
import { WIJKEN } from './wijk-names';
import { HatchPattern } from './hatch';

const WIDTH = 640;
const HEIGHT = 480;
const REGION = { type: 'FeatureCollection' as const, features: WIJKEN };
/** Projected once: the shapes never change, only their colours. */
const SHAPES = (() => {
  const path = geoPath(geoMercator().fitSize([WIDTH, HEIGHT], REGION));
  return WIJKEN.map((feature) => ({
    code: feature.properties.code,
    name: feature.properties.name,
    d: path(feature) ?? '',
  }));
})();

const HATCH = 'url(#map-hatch)';
const NO_DATA = '#ffffff';

interface Props {
  release: Release;
  /** The slice's cells along wijk, joined to the shapes on the CBS wijk code. */
  cells: ReleasedCell[];
  wijk: string;
  labels: CellLabels;
  t: ReleaseTranslate;
  format: (value: number) => string;
}

type WijkState = 'shown' | 'suppressed' | 'absent';

function Swatch({ fill }: { fill: string }) {
  return (
    <svg width="24" height="16" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="22" height="14" fill={fill} stroke="#1a1a1a" />
    </svg>
  );
}

function Legend({
  classes,
  hidden,
  t,
  format,
}: {
  classes: ColourClass[];
  hidden: number;
  t: ReleaseTranslate;
  format: (value: number) => string;
}) {
  return (
    <ul class="map-legend" aria-label={t('mapLegend')}>
      {classes.map((c) => (
        <li key={c.colour} data-colour={c.colour}>
          <Swatch fill={c.colour} /> {t('classRange', { from: format(c.from), to: format(c.to) })}
        </li>
      ))}
      {hidden > 0 && (
        <li data-colour="hidden">
          <Swatch fill={HATCH} /> {t('hiddenSymbol')} {t('hidden')} ({hidden})
        </li>
      )}
    </ul>
  );
}

/** The region's wijken coloured by the released value (equal-interval classes), hidden wijken hatched grey, with the legend. */
export function WijkMap({ release, cells, wijk, labels, t, format }: Props) {
  const byCode = new Map(cells.map((c) => [String(c.coordinates[wijk]), c]));
  const shown = cells.filter((c) => !c.suppressed);
  const classes = colourClasses(shown.map((c) => c.value!));
  const state = (code: string): WijkState =>
    !byCode.has(code) ? 'absent' : byCode.get(code)!.suppressed ? 'suppressed' : 'shown';
  const fill = (code: string) =>
    ({
      shown: () => classOf(classes, byCode.get(code)!.value!)!.colour,
      suppressed: () => HATCH,
      absent: () => NO_DATA,
    })[state(code)]();
  const hidden = cells.length - shown.length;
  return (
    <figure class="release-map">
      <svg
        role="img"
        aria-labelledby="map-title map-desc"
        aria-describedby="release-table"
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      >
        <title id="map-title">{t('mapTitle', { measure: measureLabel(t, release, labels) })}</title>
        <desc id="map-desc">{t('mapDesc', { shown: shown.length, hidden })}</desc>
        <defs>
          <HatchPattern id="map-hatch" fill="#d9d9d9" />
        </defs>
        {SHAPES.map(({ code, name, d }) => (
          <path
            key={code}
            class="wijk"
            d={d}
            data-wijk={code}
            data-state={state(code)}
            fill={fill(code)}
            stroke="#1a1a1a"
            stroke-width="0.6"
          >
            <title>
              {name} ({code}):{' '}
              {state(code) === 'shown'
                ? format(byCode.get(code)!.value!)
                : state(code) === 'suppressed'
                  ? t('hidden')
                  : '–'}
            </title>
          </path>
        ))}
      </svg>
      <figcaption>
        <Legend classes={classes} hidden={hidden} t={t} format={format} />
        <p class="map-source">{t('mapSource')}</p>
      </figcaption>
    </figure>
  );
}
