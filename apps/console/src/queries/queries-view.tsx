import { useEffect, useState } from 'preact/hooks';
import { useT, useWhen } from '../i18n';
import { SignedApi } from '../signed-api';
import { problemText } from '../refusal';
import { QueryBuilder } from '../builder/query-builder';
import { QueryStatus } from './query-status';
import { ReleaseView } from '../release/release-view';
import { useReleaseT } from '../release/release-i18n';

/** GET /queries/:id on the coordinator (apps/coordinator/src/queries/query-registry.service.ts QueryView). */
interface QueryView {
  id: string;
  state: 'proposed' | 'refused' | 'rejected' | 'executing' | 'released' | 'failed' | 'removed';
  reason: string | null;
  envelope: {
    requester: string;
    dataHolders: string[];
    keyHolders: string[];
    spec: { dataset: string; purpose: string };
  };
  decisions: { org: string; decision: string; reason: string; decidedAt: string }[];
  createdAt: string;
}

/** The state reads without reloading: a decision or a release shows up within this. */
const POLL_MS = 3_000;

async function queriesOf(api: SignedApi): Promise<QueryView[]> {
  const summaries = await api.get<{ id: string }[]>('/queries');
  return Promise.all(summaries.map((s) => api.get<QueryView>(`/queries/${s.id}`)));
}

/** An analyst's own queries (the ethics board's: all of them), each with its state and the stewards' decisions in words. */
export function QueriesView({ api }: { api: SignedApi }) {
  const t = useT();
  const when = useWhen();
  const [queries, setQueries] = useState<QueryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [followed, setFollowed] = useState<string | null>(null);
  const [open, setOpen] = useState<QueryView | null>(null);
  const rt = useReleaseT();

  useEffect(() => {
    const refresh = () =>
      queriesOf(api).then(
        (q) => (setQueries(q), setError(null)),
        (e) => setError(problemText(e, t)),
      );
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [api]);

  const progress = (q: QueryView) => {
    const partners = new Set([...q.envelope.dataHolders, ...q.envelope.keyHolders]).size;
    const approved = q.decisions.filter((d) => d.decision === 'approve').length;
    return t('approvedOf').replace('{approved}', String(approved)).replace('{partners}', String(partners));
  };

  return (
    <section aria-labelledby="queries-title">
      <QueryBuilder api={api} onSubmitted={setFollowed} />
      {followed && <QueryStatus api={api} id={followed} />}
      <h2 id="queries-title">{t('queries')}</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {queries === null ? (
        <p>{t('loading')}</p>
      ) : queries.length === 0 ? (
        <p>{t('noQueries')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('purpose')}</th>
              <th scope="col">{t('dataset')}</th>
              <th scope="col">{t('submittedAt')}</th>
              <th scope="col">{t('state')}</th>
              <th scope="col">{t('stewards')}</th>
              <th scope="col">{t('follow')}</th>
            </tr>
          </thead>
          <tbody>
            {queries.map((q) => (
              <tr key={q.id} data-query-id={q.id}>
                <td>{q.envelope.spec.purpose}</td>
                <td>{q.envelope.spec.dataset}</td>
                <td>{when(q.createdAt)}</td>
                <td>
                  {t(`query.${q.state}`)}
                  {/* A rejection's reason is the steward's, shown beside the decisions. */}
                  {q.reason && q.state !== 'rejected' && `: ${q.reason}`}
                  {q.state === 'released' && (
                    <button
                      type="button"
                      class="view-release"
                      aria-label={`${rt('viewRelease')}: ${q.envelope.spec.purpose}`}
                      onClick={() => setOpen(q)}
                    >
                      {rt('viewRelease')}
                    </button>
                  )}
                </td>
                <td>
                  {progress(q)}
                  {q.decisions
                    .filter((d) => d.decision === 'reject')
                    .map((d) => (
                      <div key={d.org}>
                        {t('rejectedBy')} {d.org}: {d.reason}
                      </div>
                    ))}
                </td>
                <td>
                  <button type="button" aria-pressed={followed === q.id} onClick={() => setFollowed(q.id)}>
                    {t('follow')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && (
        <ReleaseView api={api} queryId={open.id} purpose={open.envelope.spec.purpose} onClose={() => setOpen(null)} />
      )}
    </section>
  );
}
