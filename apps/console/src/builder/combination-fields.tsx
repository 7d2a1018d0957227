import { useT } from '../i18n';
import { conditionsOf, Draft, PublishedCatalog } from './catalog';

interface Props {
  catalog: PublishedCatalog;
  datasets: string[];
  draft: Draft;
  change: (patch: Partial<Draft>) => void;
}

/** A combination's factors, one condition per partner's dataset, and how many of them a child must have. */
export function CombinationFields({ catalog, datasets, draft, change }: Props) {
  const t = useT();
  const chosen = Object.values(draft.factors).filter(Boolean).length;
  return (
    <fieldset>
      <legend>{t('builder.factors')}</legend>
      <p class="help">{t('builder.factorsHelp')}</p>
      {datasets.map((id) => {
        const dataset = catalog.datasets[id];
        const holder = catalog.organisations[dataset.holders[0]] ?? dataset.holders[0];
        return (
          <div key={id}>
            <label for={`builder-factor-${id}`}>
              {dataset.label} ({holder})
            </label>
            <select
              id={`builder-factor-${id}`}
              value={draft.factors[id] ?? ''}
              onChange={(e) => change({ factors: { ...draft.factors, [id]: (e.target as HTMLSelectElement).value } })}
            >
              <option value="">{t('builder.noFactor')}</option>
              {Object.entries(dataset.fields).flatMap(([name, field]) =>
                conditionsOf(name, field).map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.label}
                  </option>
                )),
              )}
            </select>
          </div>
        );
      })}
      {draft.analysis === 'atLeast' && (
        <>
          <label for="builder-at-least">{t('builder.atLeast')}</label>
          <input
            id="builder-at-least"
            type="number"
            min={1}
            max={Math.max(chosen, 1)}
            value={draft.atLeast || chosen}
            onInput={(e) => change({ atLeast: Number((e.target as HTMLInputElement).value) })}
          />
        </>
      )}
    </fieldset>
  );
}
