import { useT, useWhen } from '../i18n';
import { Proposal } from './types';

/** The queries waiting for this steward's decision; each opens its review. */
export function Inbox({
  proposals,
  onReview,
  onRefresh,
}: {
  proposals: Proposal[] | null;
  onReview: (id: string) => void;
  onRefresh: () => void;
}) {
  const t = useT();
  const when = useWhen();
  return (
    <section aria-labelledby="inbox-title">
      <h2 id="inbox-title">{t('pendingQueries')}</h2>
      <button type="button" onClick={onRefresh}>
        {t('refresh')}
      </button>
      {proposals === null ? (
        <p>{t('loading')}</p>
      ) : proposals.length === 0 ? (
        <p>{t('noPending')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dataset')}</th>
              <th scope="col">{t('purpose')}</th>
              <th scope="col">{t('requester')}</th>
              <th scope="col">{t('submittedAt')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('review')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {proposals.map((p) => (
              <tr key={p.queryId} data-query-id={p.queryId}>
                <td>{p.envelope.spec.dataset}</td>
                <td>{p.envelope.spec.purpose}</td>
                <td>{p.envelope.requester}</td>
                <td>{when(p.envelope.submittedAt)}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => onReview(p.queryId)}
                    aria-label={`${t('review')}: ${p.envelope.spec.purpose}`}
                  >
                    {t('review')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
