import { armSources } from './analysis-spec';
import { useAnalysisT } from './analysis-i18n';
import { Draft, PublishedCatalog } from './catalog';

interface Props {
  catalog: PublishedCatalog;
  draft: Draft;
  change: (patch: Partial<Draft>) => void;
}

type Arm = 'intervention' | 'comparison';

/** One arm's values as checkboxes in a list that scrolls: every one reachable with Tab, checked with Space. */
function ArmList({
  arm,
  values,
  draft,
  change,
}: {
  arm: Arm;
  values: string[];
  draft: Draft;
  change: Props['change'];
}) {
  const a = useAnalysisT();
  const list = draft.arms[arm];
  const set = (v: string, on: boolean) =>
    change({ arms: { ...draft.arms, [arm]: on ? [...list, v] : list.filter((x) => x !== v) } });
  return (
    <fieldset class={`arm-list arm-${arm}`}>
      <legend>{a(arm)}</legend>
      <div class="arm-values">
        {values.map((v) => (
          <div class="check" key={v}>
            <input
              id={`builder-${arm}-${v}`}
              type="checkbox"
              checked={list.includes(v)}
              onChange={(e) => set(v, (e.target as HTMLInputElement).checked)}
            />
            <label for={`builder-${arm}-${v}`}>{v}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** Grouping by arm: which values of another dimension (e.g. the schools of Team op Maat) form each arm, as the catalog lists them. */
export function ArmsFields({ catalog, draft, change }: Props) {
  const a = useAnalysisT();
  const sources = armSources(catalog, draft);
  const dimension = sources.includes(draft.arms.dimension) ? draft.arms.dimension : '';
  const values = dimension ? catalog.dimensions[dimension].values.map(String) : [];
  return (
    <fieldset class="arms-fields">
      <legend>{a('arms')}</legend>
      <p id="builder-arms-help" class="help">
        {a('armsHelp')}
      </p>
      <label for="builder-arms-dimension">{a('armsDimension')}</label>
      <select
        id="builder-arms-dimension"
        required
        aria-describedby="builder-arms-help"
        value={dimension}
        onChange={(e) =>
          change({
            arms: { ...draft.arms, dimension: (e.target as HTMLSelectElement).value, intervention: [], comparison: [] },
          })
        }
      >
        <option value="">{a('chooseArms')}</option>
        {sources.map((d) => (
          <option key={d} value={d}>
            {catalog.dimensions[d].label}
          </option>
        ))}
      </select>
      <label for="builder-arms-label">{a('armsLabel')}</label>
      <input
        id="builder-arms-label"
        type="text"
        required
        minLength={3}
        maxLength={80}
        value={draft.arms.label}
        onInput={(e) => change({ arms: { ...draft.arms, label: (e.target as HTMLInputElement).value } })}
      />
      {dimension && (
        <>
          <ArmList arm="intervention" values={values} draft={draft} change={change} />
          <ArmList arm="comparison" values={values} draft={draft} change={change} />
        </>
      )}
    </fieldset>
  );
}
