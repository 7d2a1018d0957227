import { useT } from '../i18n';
import { Draft, PublishedCatalog } from './catalog';

interface Props {
  catalog: PublishedCatalog;
  draft: Draft;
  change: (patch: Partial<Draft>) => void;
}

const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;

/** What the processing rests on: a legal basis from the platform's list, the DPIA covering it, how long the release is kept. */
export function GroundsFields({ catalog, draft, change }: Props) {
  const t = useT();
  const basis = catalog.legalBases[draft.legalBasis];
  const dpia = catalog.dpias.find((d) => d.reference === draft.dpia);
  const partner = (org: string) => catalog.organisations[org] ?? org;
  return (
    <fieldset>
      <legend>{t('builder.grounds')}</legend>
      <p id="builder-grounds-help" class="help">
        {t('builder.groundsHelp')}
      </p>
      <label for="builder-legal-basis">{t('legalBasis')}</label>
      <select
        id="builder-legal-basis"
        required
        aria-describedby="builder-legal-basis-article"
        value={draft.legalBasis}
        onChange={(e) => change({ legalBasis: value(e) })}
      >
        <option value="">{t('builder.chooseLegalBasis')}</option>
        {Object.entries(catalog.legalBases).map(([id, b]) => (
          <option key={id} value={id}>
            {b.label}
          </option>
        ))}
      </select>
      <p id="builder-legal-basis-article" class="help">
        {basis ? [basis.article, basis.law].filter(Boolean).join(', ') : ''}
      </p>
      <label for="builder-dpia">{t('builder.dpiaOf')}</label>
      <select
        id="builder-dpia"
        required
        aria-describedby="builder-dpia-accepted"
        value={draft.dpia}
        onChange={(e) => change({ dpia: value(e) })}
      >
        <option value="">{t('builder.chooseDpia')}</option>
        {catalog.dpias.map((d) => (
          <option key={d.reference} value={d.reference}>
            {d.title ? `${d.reference}: ${d.title}` : d.reference}
          </option>
        ))}
      </select>
      <p id="builder-dpia-accepted" class="help">
        {dpia
          ? `${t('builder.acceptedBy')} ${dpia.acceptedBy.map((a) => `${partner(a.org)} (${a.until})`).join(', ')}`
          : ''}
      </p>
      <label for="builder-retention">{t('builder.retentionDays')}</label>
      <input
        id="builder-retention"
        type="number"
        inputMode="numeric"
        min={1}
        max={3650}
        step={1}
        required
        value={draft.retentionDays}
        onInput={(e) => change({ retentionDays: value(e) })}
      />
    </fieldset>
  );
}
