import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { problemText } from '../refusal';
import { SignedApi } from '../signed-api';
import { ANY_RECORD, conditionsOf, Draft, factorDatasets, PublishedCatalog } from './catalog';
import { useCohortT } from './cohort-i18n';
import { BeforeCohort, releasedCohorts } from './cohort-spec';

interface Props {
  api: SignedApi;
  catalog: PublishedCatalog;
  draft: Draft;
  change: (patch: Partial<Draft>) => void;
}

const value = (e: Event) => (e.target as HTMLSelectElement).value;

/** Per other partner's dataset: no outcome there, any record of it, or one condition. */
function OutcomeFields({ catalog, draft, change }: Omit<Props, 'api'>) {
  const c = useCohortT();
  return (
    <fieldset>
      <legend>{c('outcomes')}</legend>
      <p id="builder-cohort-outcomes-help" class="help">
        {c('outcomesHelp')}
      </p>
      {factorDatasets(catalog, draft.dataset).map((id) => {
        const dataset = catalog.datasets[id];
        const holder = catalog.organisations[dataset.holders[0]] ?? dataset.holders[0];
        return (
          <div key={id}>
            <label for={`builder-cohort-outcome-${id}`}>
              {dataset.label} ({holder})
            </label>
            <select
              id={`builder-cohort-outcome-${id}`}
              aria-describedby="builder-cohort-outcomes-help"
              value={draft.factors[id] ?? ''}
              onChange={(e) => change({ factors: { ...draft.factors, [id]: value(e) } })}
            >
              <option value="">{c('noOutcome')}</option>
              <option value={ANY_RECORD}>{c('anyRecord', { dataset: dataset.label })}</option>
              {Object.entries(dataset.fields).flatMap(([name, field]) =>
                conditionsOf(name, field).map((condition) => (
                  <option key={condition.key} value={condition.key}>
                    {condition.label}
                  </option>
                )),
              )}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}

/** The analyst's own released cohorts of this population, one of which this cohort may follow on from. */
function BeforeField({ api, catalog, draft, change }: Props) {
  const c = useCohortT();
  const t = useT();
  const [cohorts, setCohorts] = useState<BeforeCohort[] | null>(null);
  const [unreadable, setUnreadable] = useState<string | null>(null);
  useEffect(() => {
    setCohorts(null);
    setUnreadable(null);
    releasedCohorts(api, catalog, draft.dataset).then(setCohorts, (e) => setUnreadable(problemText(e, t)));
  }, [api, draft.dataset]);
  return (
    <>
      <label for="builder-before">{c('before')}</label>
      <p id="builder-before-help" class="help">
        {c('beforeHelp')}
      </p>
      <select
        id="builder-before"
        aria-describedby="builder-before-help"
        value={draft.before}
        onChange={(e) => change({ before: value(e) })}
      >
        <option value="">{c('noBefore')}</option>
        {(cohorts ?? []).map((b) => (
          <option key={b.id} value={b.id}>
            {c('beforeOption', { year: b.year, arms: b.arms, purpose: b.purpose })}
          </option>
        ))}
      </select>
      {cohorts === null && !unreadable && <p class="help">{c('loadingBefore')}</p>}
      {unreadable && (
        <p class="error" role="alert">
          {c('beforeUnreadable', { reason: unreadable })}
        </p>
      )}
    </>
  );
}

/**
 * A cohort follow-up: the population of the chosen year grouped by arm (the arms are chosen above), followed to outcomes
 * at other partners in the same or a later year, and optionally the analyst's released cohort of an earlier year.
 */
export function CohortFields({ api, catalog, draft, change }: Props) {
  const c = useCohortT();
  const years = (catalog.dimensions[catalog.combinationYear]?.values ?? []).filter(
    (y) => !draft.year || Number(y) >= Number(draft.year),
  );
  return (
    <fieldset class="cohort-fields" aria-describedby="builder-cohort-help">
      <legend>{c('cohort')}</legend>
      <p id="builder-cohort-help" class="help">
        {c('cohortHelp')}
      </p>
      <OutcomeFields catalog={catalog} draft={draft} change={change} />
      <label for="builder-cohort-outcome-year">{c('outcomeYear')}</label>
      <select
        id="builder-cohort-outcome-year"
        value={draft.outcomeYear}
        onChange={(e) => change({ outcomeYear: value(e) })}
      >
        <option value="">{c('cohortYear')}</option>
        {years.map((y) => (
          <option key={String(y)} value={String(y)}>
            {y}
          </option>
        ))}
      </select>
      <BeforeField api={api} catalog={catalog} draft={draft} change={change} />
    </fieldset>
  );
}
