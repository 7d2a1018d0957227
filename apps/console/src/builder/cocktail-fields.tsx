import { ARM, outcomeDatasets } from './analysis-spec';
import { useAnalysisT } from './analysis-i18n';
import { Analysis, conditionsOf, Draft, PublishedCatalog } from './catalog';
import { useCohortT } from './cohort-i18n';
import { mayFollowCohort } from './cohort-spec';

interface Props {
  catalog: PublishedCatalog;
  /** The datasets that may hold a factor (or the outcome): other partners' linkable ones. */
  datasets: string[];
  draft: Draft;
  change: (patch: Partial<Draft>) => void;
}

const ANALYSES = ['atLeast', 'patterns', 'outcomeByCount'] as const;
const value = (e: Event) => (e.target as HTMLSelectElement).value;

/** A cohort is grouped by arm only and names outcomes, not factors: switching to or from one starts those afresh. */
const switchTo = (draft: Draft, analysis: Analysis): Partial<Draft> => ({
  analysis,
  atLeast: 0,
  outcome: '',
  ...(analysis === 'cohort'
    ? { groupBy: [ARM], factors: {}, outcomeYear: '' }
    : draft.analysis === 'cohort'
      ? { groupBy: [], factors: {}, outcomeYear: '', before: '' }
      : {}),
});

/** Which analysis of the combination: a count of children with at least m factors, the pattern table, or the outcome by number of factors. */
export function CocktailFields({ catalog, datasets, draft, change }: Props) {
  const a = useAnalysisT();
  const c = useCohortT();
  const cocktail = draft.analysis !== 'atLeast' && draft.analysis !== 'cohort';
  const outcomes = outcomeDatasets(catalog, draft, datasets);
  const years = catalog.dimensions[catalog.combinationYear]?.values ?? [];
  return (
    <fieldset class="cocktail-fields">
      <legend>{a('analysis')}</legend>
      <label for="builder-analysis">{a('analysis')}</label>
      <select
        id="builder-analysis"
        aria-describedby="builder-cocktail-help"
        value={draft.analysis}
        onChange={(e) => change(switchTo(draft, value(e) as Analysis))}
      >
        {ANALYSES.map((analysis) => (
          <option key={analysis} value={analysis}>
            {a(`analysis.${analysis}`)}
          </option>
        ))}
        {mayFollowCohort(catalog, draft.dataset) && <option value="cohort">{c('analysis.cohort')}</option>}
      </select>
      <p id="builder-cocktail-help" class="help">
        {cocktail ? a('cocktailHelp') : ''}
      </p>
      {cocktail && (
        <>
          <label for="builder-outcome">{a('outcome')}</label>
          <select
            id="builder-outcome"
            required={draft.analysis === 'outcomeByCount'}
            value={draft.outcome}
            onChange={(e) => change({ outcome: value(e) })}
          >
            <option value="">{a('noOutcome')}</option>
            {outcomes.flatMap((id) => [
              <option key={id} value={id}>
                {a('anyRecord', { dataset: catalog.datasets[id].label })}
              </option>,
              ...Object.entries(catalog.datasets[id].fields).flatMap(([name, field]) =>
                conditionsOf(name, field).map((c) => (
                  <option key={`${id}|${c.key}`} value={`${id}|${c.key}`}>
                    {catalog.datasets[id].label}: {c.label}
                  </option>
                )),
              ),
            ])}
          </select>
          <label for="builder-outcome-year">{a('outcomeYear')}</label>
          <select
            id="builder-outcome-year"
            value={draft.outcomeYear}
            onChange={(e) => change({ outcomeYear: value(e) })}
          >
            <option value="">{a('sameYear')}</option>
            {years.map((y) => (
              <option key={String(y)} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </>
      )}
    </fieldset>
  );
}
