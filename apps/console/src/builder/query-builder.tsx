import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { ApiError, SignedApi } from '../signed-api';
import { problemText } from '../refusal';
import { ARM, offeredDimensions } from './analysis-spec';
import { useAnalysisT } from './analysis-i18n';
import { ArmsFields } from './arms-fields';
import {
  conditionsOf,
  Draft,
  emptyDraft,
  factorDatasets,
  inCatalogWords,
  loadCatalog,
  mayCombine,
  PublishedCatalog,
  specOf,
} from './catalog';
import { CocktailFields } from './cocktail-fields';
import { CohortFields } from './cohort-fields';
import { useCohortT } from './cohort-i18n';
import { cohortProblems } from './cohort-spec';
import { CombinationFields } from './combination-fields';
import { draftProblems } from './draft-problems';
import { MeasureFields } from './measure-fields';
import { GroundsFields } from './grounds-fields';

const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;

/** Up to three dimensions per query (QuerySpecDto groupBy). */
const MAX_GROUP_BY = 3;

/** The analyst's query builder: only what the catalog offers, in its own words; the coordinator judges the rest and says why. */
export function QueryBuilder({ api, onSubmitted }: { api: SignedApi; onSubmitted: (id: string) => void }) {
  const t = useT();
  const a = useAnalysisT();
  const c = useCohortT();
  const [catalog, setCatalog] = useState<PublishedCatalog | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft());
  const [refusal, setRefusal] = useState<string | null>(null);
  /** The coordinator's refusal as it worded it, beside the same in the catalog's words. */
  const [verbatim, setVerbatim] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadCatalog(api).then(
      (c) => (setCatalog(c), setDraft(emptyDraft(Object.keys(c.datasets)[0]))),
      (e) => setRefusal(problemText(e, t)),
    );
  }, [api]);

  if (!catalog)
    return refusal ? (
      <p class="error" role="alert">
        {refusal}
      </p>
    ) : null;
  if (catalog.role !== 'analyst') return null;
  const dataset = catalog.datasets[draft.dataset];
  const change = (patch: Partial<Draft>) => (setDraft({ ...draft, ...patch }), setStatus(''));
  const toggle = (dimension: string, on: boolean) =>
    change({ groupBy: on ? [...draft.groupBy, dimension] : draft.groupBy.filter((d) => d !== dimension) });
  const combining = draft.combination && mayCombine(catalog, draft.dataset);
  const cohort = combining && draft.analysis === 'cohort';

  const submit = async (e: Event) => {
    e.preventDefault();
    setRefusal(null);
    setVerbatim(null);
    const problems = [
      ...draftProblems(catalog, { ...draft, combination: combining }).map((p) => a(p)),
      ...cohortProblems(catalog, { ...draft, combination: combining }).map((p) => c(p)),
    ];
    if (problems.length > 0) return setRefusal(`${a('problems')} ${problems.join(' ')}`);
    setBusy(true);
    try {
      const submitted = await api.post<{ id: string }>(
        '/queries',
        specOf(catalog, { ...draft, combination: combining }),
      );
      setStatus(t('builder.submitted'));
      setDraft(emptyDraft(draft.dataset));
      onSubmitted(submitted.id);
    } catch (error) {
      const refused = error instanceof ApiError && error.status === 400;
      setRefusal(refused ? `${t('builder.refused')} ${inCatalogWords(catalog, error.message)}` : problemText(error, t));
      if (refused) setVerbatim(error.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="builder-title">
      <h2 id="builder-title">{t('builder.title')}</h2>
      <form onSubmit={submit} aria-describedby="builder-refusal">
        <label for="builder-dataset">{t('dataset')}</label>
        <select
          id="builder-dataset"
          value={draft.dataset}
          onChange={(e) =>
            change({
              ...emptyDraft(value(e)),
              purpose: draft.purpose,
              legalBasis: draft.legalBasis,
              dpia: draft.dpia,
              retentionDays: draft.retentionDays,
            })
          }
        >
          {Object.entries(catalog.datasets).map(([id, d]) => (
            <option key={id} value={id}>
              {d.label}
            </option>
          ))}
        </select>

        {mayCombine(catalog, draft.dataset) && (
          <div class="check">
            <input
              id="builder-combination"
              type="checkbox"
              checked={draft.combination}
              onChange={(e) =>
                change({ combination: (e.target as HTMLInputElement).checked, measure: 'count', field: '' })
              }
            />
            <label for="builder-combination">{t('builder.combination')}</label>
          </div>
        )}

        {!combining && <MeasureFields catalog={catalog} draft={draft} change={change} />}

        {cohort && <p class="help">{c('groupedByArm')}</p>}
        {/* A cohort is grouped by arm only: its choice of the arms follows. */}
        <fieldset hidden={cohort}>
          <legend>{t('builder.groupBy')}</legend>
          {offeredDimensions(catalog, { ...draft, combination: combining }).map((d) => (
            <div class="check" key={d}>
              <input
                id={`builder-group-${d}`}
                type="checkbox"
                checked={draft.groupBy.includes(d)}
                disabled={!draft.groupBy.includes(d) && draft.groupBy.length >= MAX_GROUP_BY}
                onChange={(e) => toggle(d, (e.target as HTMLInputElement).checked)}
              />
              <label for={`builder-group-${d}`}>{catalog.dimensions[d].label}</label>
            </div>
          ))}
        </fieldset>

        {draft.groupBy.includes(ARM) && <ArmsFields catalog={catalog} draft={draft} change={change} />}

        <fieldset>
          <legend>{t('filters')}</legend>
          {dataset.dimensions.includes(catalog.combinationYear) && (
            <>
              <label for="builder-year">
                {catalog.dimensions[catalog.combinationYear].label}
                {combining && ` (${t('builder.oneYear')})`}
              </label>
              <select
                id="builder-year"
                value={draft.year}
                required={combining}
                onChange={(e) => change({ year: value(e) })}
              >
                <option value="">{combining ? t('builder.chooseYear') : t('builder.everyYear')}</option>
                {catalog.dimensions[catalog.combinationYear].values.map((y) => (
                  <option key={y} value={String(y)}>
                    {y}
                  </option>
                ))}
              </select>
            </>
          )}
          {Object.entries(dataset.fields).map(([name, field]) => {
            const conditions = conditionsOf(name, field);
            if (conditions.length === 0) return null;
            return (
              <div key={name}>
                <label for={`builder-filter-${name}`}>{field.label}</label>
                <select
                  id={`builder-filter-${name}`}
                  value={draft.filters[name] ?? ''}
                  onChange={(e) => change({ filters: { ...draft.filters, [name]: value(e) } })}
                >
                  <option value="">{t('builder.anyValue')}</option>
                  {conditions.map((c) => (
                    <option key={c.key} value={c.key}>
                      {field.type === 'boolean' ? t('builder.yes') : c.label.slice(field.label.length + 2)}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </fieldset>

        {/* A cocktail analysis may take the population holder's own factor too: it applies it as it encrypts. */}
        {combining && !cohort && (
          <CombinationFields
            catalog={catalog}
            datasets={[
              ...(draft.analysis === 'atLeast' ? [] : [draft.dataset]),
              ...factorDatasets(catalog, draft.dataset),
            ]}
            draft={draft}
            change={change}
          />
        )}
        {combining && (
          <CocktailFields
            catalog={catalog}
            datasets={factorDatasets(catalog, draft.dataset)}
            draft={draft}
            change={change}
          />
        )}
        {cohort && <CohortFields api={api} catalog={catalog} draft={draft} change={change} />}

        <label for="builder-purpose">{t('purpose')}</label>
        <p id="builder-purpose-help" class="help">
          {t('builder.purposeHelp')}
        </p>
        <textarea
          id="builder-purpose"
          required
          rows={3}
          maxLength={2000}
          aria-describedby="builder-purpose-help"
          value={draft.purpose}
          onInput={(e) => change({ purpose: (e.target as HTMLTextAreaElement).value })}
        />

        <GroundsFields catalog={catalog} draft={draft} change={change} />

        <button type="submit" class="approve" disabled={busy}>
          {t('builder.submit')}
        </button>
        <div id="builder-refusal">
          {refusal && (
            <p class="error" role="alert">
              {refusal}
            </p>
          )}
          {verbatim && (
            <p class="help refusal-verbatim">
              {a('verbatim')} <q lang="en">{verbatim}</q>
            </p>
          )}
        </div>
        <p class="status" role="status">
          {status}
        </p>
      </form>
    </section>
  );
}
