import { useEffect, useState } from 'preact/hooks';
import { useWhen } from '../i18n';
import { SignedApi } from '../signed-api';
import { TaggedEntry } from './federation';
import { EthicsT, useEthicsT } from './labels';
import { partialsReceived } from './partials-received';

/** The parts of GET /queries/:id/release the board reads: how the table was protected, and the data editions it came from. */
interface Release {
  protection: {
    rules: { rule: string; parameters: Record<string, number>; cells: number }[];
    suppressedCells: number;
    totalCells: number;
  };
  editions?: unknown[];
}

const listOf = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);

/** An edition as its release names it: its id and dataset when it is an object, else as it is. */
/** An edition as releases name it (libs/records DataEdition): whose data, which dataset and years, and its id. */
const editionText = (edition: unknown) => {
  if (typeof edition !== 'object' || edition === null) return String(edition);
  const e = edition as { org?: string; dataset?: string; years?: number[]; edition?: string };
  return (
    [e.org, e.dataset, e.years?.join(', '), e.edition].filter((v) => v !== undefined).join(' · ') ||
    JSON.stringify(edition)
  );
};

function Outcome({ entries, release, t }: { entries: TaggedEntry[]; release: Release | null; t: EthicsT }) {
  const published = entries.find((e) => e.log === 'coordinator' && e.type === 'release.published');
  const failed = entries.find(
    (e) => e.log === 'coordinator' && (e.type === 'query.failed' || e.type === 'query.refused'),
  );
  const rejection = entries.find(
    (e) => e.log === 'coordinator' && e.type === 'decision.recorded' && e.details.decision === 'reject',
  );
  if (rejection)
    return <p>{`${t('reject')}: ${rejection.actor} (${t('reason')}: ${String(rejection.details.reason)})`}</p>;
  if (failed)
    return <p>{`${t('failed')}: ${String(failed.details.reason ?? listOf(failed.details.reasons).join('; '))}`}</p>;
  if (!published) return <p>{t('notYet')}</p>;
  return (
    <>
      <p>
        {t('released', {
          cells: String(published.details.cells),
          suppressed: String(published.details.suppressedCells),
        })}
      </p>
      <p>{`${t('combined')}: ${listOf(published.details.decryptedBy).join(', ')}`}</p>
      {release && (
        <>
          <h5>{t('rules')}</h5>
          <ul data-testid="suppression-rules">
            {release.protection.rules.map((r) => (
              <li key={r.rule}>
                {r.rule} (
                {Object.entries(r.parameters)
                  .map(([k, v]) => `${k} = ${v}`)
                  .join(', ')}
                ): {t('cellsHidden', { cells: r.cells })}
              </li>
            ))}
          </ul>
          {release.editions && (
            <>
              <h5>{t('editions')}</h5>
              <ul data-testid="editions">
                {release.editions.length ? (
                  release.editions.map((e, i) => <li key={i}>{editionText(e)}</li>)
                ) : (
                  <li>{t('none')}</li>
                )}
              </ul>
            </>
          )}
        </>
      )}
    </>
  );
}

/** One query's story from every log: who submitted it and why, each steward's decision, execution, the key holders who decrypted, and what was released. */
export function DrillDown({
  api,
  queryId,
  entries,
  onClose,
}: {
  api: SignedApi;
  queryId: string;
  entries: TaggedEntry[];
  onClose: () => void;
}) {
  const t = useEthicsT();
  const when = useWhen();
  const [release, setRelease] = useState<Release | null>(null);
  const mine = entries.filter((e) => e.queryId === queryId);
  const released = mine.some((e) => e.type === 'release.published');
  useEffect(() => {
    setRelease(null);
    if (released) api.get<Release>(`/queries/${queryId}/release`).then(setRelease, () => setRelease(null));
  }, [api, queryId, released]);

  const submitted = mine.find((e) => e.log === 'coordinator' && e.type === 'query.submitted');
  const decisions = mine.filter((e) => e.log === 'coordinator' && e.type === 'decision.recorded');
  const executed = mine.filter((e) => e.type === 'execution.performed').map((e) => e.log);
  const decrypted = mine.filter((e) => e.type === 'decryption.performed').map((e) => e.log);
  const received = partialsReceived(mine);
  const titleId = `drill-down-${queryId}`;

  return (
    <section class="panel" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('drillDown', { id: queryId })}</h3>
      <button type="button" onClick={onClose}>
        {t('close')}
      </button>
      <dl>
        <dt>{t('submittedBy')}</dt>
        <dd>{submitted ? `${submitted.actor} (${when(submitted.time)})` : t('notYet')}</dd>
        <dt>{t('purpose')}</dt>
        <dd>{String(submitted?.details.purpose ?? '')}</dd>
        <dt>{t('dataset')}</dt>
        <dd>{String(submitted?.details.dataset ?? '')}</dd>
      </dl>
      <h4>{t('decisions')}</h4>
      <ul data-testid="decisions">
        {decisions.map((d) => (
          <li key={d.seq} data-org={d.actor}>
            {d.actor}: {d.details.decision === 'reject' ? t('reject') : t('approve')}
            {d.details.reason ? ` (${t('reason')}: ${String(d.details.reason)})` : ''} · {when(d.time)}
          </li>
        ))}
      </ul>
      <h4>{t('execution')}</h4>
      <dl>
        <dt>{t('contributedBy')}</dt>
        <dd>{executed.length ? executed.sort().join(', ') : t('notYet')}</dd>
        <dt>{t('decryptedBy')}</dt>
        <dd data-testid="decrypted-by">{decrypted.length ? [...new Set(decrypted)].sort().join(', ') : t('notYet')}</dd>
      </dl>
      {received && <p>{`${t('event.decryption.received')}: ${received.join(', ')}`}</p>}
      <h4>{t('release')}</h4>
      <Outcome entries={mine} release={release} t={t} />
    </section>
  );
}
