import { useEffect, useState } from 'preact/hooks';
import { useT, useWhen } from '../i18n';
import { SignedApi } from '../signed-api';
import { problemText } from '../refusal';

interface FieldProfile {
  field: string;
  kind: string;
  records: number;
  missing: number;
  values?: { value: string; count: number }[];
  range?: { min: number; max: number; bins: { from: number; to: number; count: number }[] };
  distinct?: number;
}

interface DatasetProfile {
  dataset: string;
  label: string;
  records: number;
  editions: { edition: string; years: number[]; importedAt: string }[];
  fields: FieldProfile[];
}

function Distribution({ field }: { field: FieldProfile }) {
  const t = useT();
  if (field.distinct !== undefined) return <>{`${field.distinct} ${t('distinctChildren')}`}</>;
  const parts = field.range
    ? field.range.bins.map((b) => [`${b.from}–${b.to}`, b.count] as const)
    : (field.values ?? []).map((v) => [v.value, v.count] as const);
  return (
    <ul class="distribution">
      {parts.map(([value, count]) => (
        <li key={value}>{`${value}: ${count}`}</li>
      ))}
    </ul>
  );
}

function DatasetTable({ profile }: { profile: DatasetProfile }) {
  const t = useT();
  const when = useWhen();
  const id = `profile-${profile.dataset}`;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{`${profile.label} (${profile.dataset}): ${profile.records} ${t('records').toLowerCase()}`}</h3>
      <p>
        {`${t('editions')}: `}
        {profile.editions.length === 0
          ? t('notImported')
          : profile.editions
              .map((e) => `${e.edition.slice(0, 12)} (${e.years.join(', ')}; ${when(e.importedAt)})`)
              .join(', ')}
      </p>
      {profile.fields.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('field')}</th>
              <th scope="col">{t('records')}</th>
              <th scope="col">{t('missing')}</th>
              <th scope="col">{t('distribution')}</th>
            </tr>
          </thead>
          <tbody>
            {profile.fields.map((f) => (
              <tr key={f.field} data-field={f.field}>
                <th scope="row">{f.field}</th>
                <td>{f.records}</td>
                <td>{f.missing}</td>
                <td>
                  <Distribution field={f} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The shape of the node's own data, for its steward: fetched over HTTP from this node only. */
export function DataProfile({ api }: { api: SignedApi }) {
  const t = useT();
  const [profiles, setProfiles] = useState<DatasetProfile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<DatasetProfile[]>('/steward/data/profile').then(setProfiles, (e) => setError(problemText(e, t)));
  }, [api]);
  return (
    <section aria-labelledby="profile-title">
      <h2 id="profile-title">{t('profile')}</h2>
      <p>{t('profileIntro')}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {profiles === null
        ? !error && <p>{t('loading')}</p>
        : profiles.map((p) => <DatasetTable key={p.dataset} profile={p} />)}
    </section>
  );
}
