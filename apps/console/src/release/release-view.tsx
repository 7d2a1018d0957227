import { useEffect, useRef, useState } from 'preact/hooks';
import { useT, useWhen } from '../i18n';
import { SignedApi } from '../signed-api';
import { problemText } from '../refusal';
import { loadCatalog, PublishedCatalog } from '../builder/catalog';
import { BarChart } from './bar-chart';
import { cellLabels, wijkDimension } from './cell-labels';
import { cocktailDimensions } from './cocktail-table';
import { CocktailView } from './cocktail-view';
import { CohortView } from './cohort-view';
import { Downloads } from './downloads';
import { EstimatesView } from './estimates-view';
import { numberFormat } from './format';
import { ProtectionSummary } from './protection-summary';
import { fetchRelease, FetchedRelease } from './release-api';
import { releaseCsv } from './release-csv';
import { useLanguage, useReleaseT } from './release-i18n';
import { ReleasedTable } from './released-table';
import { categoryOf, defaultSlice, Slice, sliceCells, valuesOf } from './slice';
import { WijkMap } from './wijk-map';
import { placeName } from './wijk-names';
import { yearRelease } from './year-series';
import { SeriesChart, YearTabs } from './year-series-view';

/** The release and the catalog whose words it is shown in (null if the catalog could not be read: ids then). */
type Shown = FetchedRelease & { catalog: PublishedCatalog | null };

/** The slice the chart and the map show: one choice per dimension other than theirs. */
function SliceChoice({ fetched, slice, onSlice }: { fetched: Shown; slice: Slice; onSlice: (slice: Slice) => void }) {
  const t = useReleaseT();
  const labels = cellLabels(fetched.release, t, placeName, fetched.catalog);
  return (
    <fieldset class="release-slice">
      <legend>{t('slice')}</legend>
      {Object.keys(slice)
        .filter((d) => d !== fetched.release.series?.dimension)
        .map((d) => (
          <label key={d}>
            {labels.dimension(d)}
            <select
              value={String(slice[d])}
              onChange={(e) =>
                onSlice({
                  ...slice,
                  [d]: valuesOf(fetched.release, d).find((v) => String(v) === e.currentTarget.value)!,
                })
              }
            >
              {valuesOf(fetched.release, d).map((v) => (
                <option key={String(v)} value={String(v)}>
                  {labels.value(d, v)}
                </option>
              ))}
            </select>
          </label>
        ))}
    </fieldset>
  );
}

function Released({ fetched }: { fetched: Shown }) {
  const t = useReleaseT();
  const when = useWhen();
  const format = numberFormat(useLanguage());
  const { release, raw } = fetched;
  const [slice, setSlice] = useState<Slice>(() => defaultSlice(release));
  const series = release.series;
  const [year, setYear] = useState(series?.years[0] ?? '');
  const labels = cellLabels(release, t, placeName, fetched.catalog);
  const cells = sliceCells(release, series ? { ...slice, [series.dimension]: year } : slice);
  const wijk = wijkDimension(release);
  const views = (
    <>
      <h4>{t('map')}</h4>
      {wijk ? (
        <WijkMap release={release} cells={cells} wijk={wijk} labels={labels} t={t} format={format} />
      ) : (
        <p>{t('noWijk')}</p>
      )}
      <h4>{t('chart')}</h4>
      <BarChart release={release} cells={cells} category={categoryOf(release)} labels={labels} t={t} format={format} />
      {release.estimates && (
        <EstimatesView release={release} cells={cells} category={categoryOf(release)} labels={labels} t={t} />
      )}
      <h4>{t('table')}</h4>
      <ReleasedTable release={series ? yearRelease(release, year) : release} labels={labels} t={t} format={format} />
    </>
  );
  if (release.effect) {
    return (
      <>
        <ProtectionSummary release={release} labels={labels} t={t} when={when} />
        <Downloads
          queryId={release.queryId}
          csv={() => releaseCsv({ ...release, groupBy: ['arm', 'outcome'] }, labels)}
          raw={raw}
          t={t}
        />
        <CohortView release={{ ...release, effect: release.effect }} t={t} format={format} />
      </>
    );
  }
  if (release.cocktail) {
    return (
      <>
        <ProtectionSummary release={release} labels={labels} t={t} when={when} />
        <Downloads
          queryId={release.queryId}
          csv={() => releaseCsv({ ...release, groupBy: cocktailDimensions(release) }, labels)}
          raw={raw}
          t={t}
        />
        <CocktailView release={{ ...release, cocktail: release.cocktail }} labels={labels} t={t} format={format} />
      </>
    );
  }
  return (
    <>
      <ProtectionSummary release={release} labels={labels} t={t} when={when} />
      <Downloads queryId={release.queryId} csv={() => releaseCsv(release, labels)} raw={raw} t={t} />
      {Object.keys(slice).some((d) => d !== series?.dimension) && (
        <SliceChoice fetched={fetched} slice={slice} onSlice={setSlice} />
      )}
      {series && (
        <>
          <p class="series-note">{t('seriesNote')}</p>
          <h4>{t('seriesChart')}</h4>
          <SeriesChart release={release} slice={slice} labels={labels} t={t} format={format} />
          <YearTabs series={series} year={year} onYear={setYear} t={t}>
            {views}
          </YearTabs>
        </>
      )}
      {!series && views}
    </>
  );
}

/** Closing gives the focus back to the list's button that opened the view, where a keyboard user left off. */
function close(queryId: string, onClose: () => void): void {
  onClose();
  document.querySelector<HTMLElement>(`tr[data-query-id="${queryId}"] button.view-release`)?.focus();
}

/** A released query: how it was protected, downloads, a map and a chart of one slice, then every cell with the hidden ones marked. */
export function ReleaseView({
  api,
  queryId,
  purpose,
  onClose,
}: {
  api: SignedApi;
  queryId: string;
  purpose: string;
  onClose: () => void;
}) {
  const t = useReleaseT();
  const common = useT();
  const [fetched, setFetched] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setFetched(null);
    const catalog = loadCatalog(api).catch(() => null);
    Promise.all([fetchRelease(api, queryId), catalog]).then(
      ([release, words]) => setFetched({ ...release, catalog: words }),
      (e) => setError(problemText(e, common)),
    );
  }, [api, queryId]);
  // The view opens below the list: focus goes to its heading so a keyboard or screen reader user lands in it.
  useEffect(() => heading.current?.focus(), [queryId]);
  return (
    <section class="panel release" aria-labelledby="release-title" data-query-id={queryId}>
      <h3 id="release-title" tabIndex={-1} ref={heading}>
        {t('releaseOf')}: {purpose}
      </h3>
      <button type="button" class="close-release" onClick={() => close(queryId, onClose)}>
        {t('close')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!fetched ? !error && <p>{t('loading')}</p> : <Released key={queryId} fetched={fetched} />}
    </section>
  );
}
