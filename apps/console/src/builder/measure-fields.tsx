import { useT } from '../i18n';
import { populationDatasets } from './analysis-spec';
import { useAnalysisT } from './analysis-i18n';
import { Draft, MeasureKind, PublishedCatalog } from './catalog';

interface Props {
  catalog: PublishedCatalog;
  draft: Draft;
  change: (patch: Partial<Draft>) => void;
}

const PER = [1, 100, 1000, 10_000, 100_000];
const value = (e: Event) => (e.target as HTMLSelectElement).value;

/** The measure as one choice: "count", "sum:field", "mean:field" or "rate". */
const chosen = (draft: Draft) =>
  draft.measure === 'sum' || draft.measure === 'mean' ? `${draft.measure}:${draft.field}` : draft.measure;

function choose(text: string): Partial<Draft> {
  const [measure, field = ''] = text.split(':');
  return { measure: measure as MeasureKind, field };
}

/** Count, sum or mean of a summable field, or a rate per a population dataset of another partner with its interval. */
export function MeasureFields({ catalog, draft, change }: Props) {
  const t = useT();
  const a = useAnalysisT();
  const summable = Object.entries(catalog.datasets[draft.dataset].fields).filter(([, f]) => f.summable);
  return (
    <>
      <label for="builder-measure">{t('measure')}</label>
      <select id="builder-measure" value={chosen(draft)} onChange={(e) => change(choose(value(e)))}>
        <option value="count">{t('builder.count')}</option>
        {summable.map(([name, f]) => (
          <option key={`sum:${name}`} value={`sum:${name}`}>
            {a('sumOf', { field: f.label })}
          </option>
        ))}
        {summable.map(([name, f]) => (
          <option key={`mean:${name}`} value={`mean:${name}`}>
            {a('meanOf', { field: f.label })}
          </option>
        ))}
        <option value="rate">{a('rate')}</option>
      </select>
      {draft.measure === 'rate' && <RateFields catalog={catalog} draft={draft} change={change} />}
    </>
  );
}

function RateFields({ catalog, draft, change }: Props) {
  const a = useAnalysisT();
  const rate = (patch: Partial<Draft['rate']>) => change({ rate: { ...draft.rate, ...patch } });
  return (
    <fieldset class="rate-fields">
      <legend>{a('rateFields')}</legend>
      <p id="builder-rate-help" class="help">
        {a('rateHelp')}
      </p>
      <label for="builder-denominator">{a('denominator')}</label>
      <select
        id="builder-denominator"
        required
        aria-describedby="builder-rate-help"
        value={draft.rate.denominator}
        onChange={(e) => rate({ denominator: value(e) })}
      >
        <option value="">{a('chooseDenominator')}</option>
        {populationDatasets(catalog).map((id) => (
          <option key={id} value={id}>
            {catalog.datasets[id].label}
          </option>
        ))}
      </select>
      <label for="builder-per">{a('per')}</label>
      <select id="builder-per" value={String(draft.rate.per)} onChange={(e) => rate({ per: Number(value(e)) })}>
        {PER.map((per) => (
          <option key={per} value={String(per)}>
            {per}
          </option>
        ))}
      </select>
      <label for="builder-interval">{a('interval')}</label>
      <select
        id="builder-interval"
        value={draft.rate.interval}
        onChange={(e) => rate({ interval: value(e) as Draft['rate']['interval'] })}
      >
        <option value="wilson">{a('wilson')}</option>
        <option value="exact">{a('exact')}</option>
      </select>
    </fieldset>
  );
}
