import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { SignedApi } from '../signed-api';
import { problemText } from '../refusal';
import { History } from './history';
import { ImportForm } from './import-form';
import { Inbox } from './inbox';
import { DataProfile } from './profile';
import { QueryReview } from './review';
import { Proposal } from './types';

/** New proposals reach the node over NATS, not through this page: look again now and then. */
const POLL_MS = 5_000;

/** The data steward's console on their own node: the inbox, one query's review with the decision, and the node's decisions. */
export function StewardView({ api }: { api: SignedApi }) {
  const t = useT();
  const [tab, setTab] = useState<'inbox' | 'history' | 'profile' | 'importData'>('inbox');
  const [proposals, setProposals] = useState<Proposal[] | null>(null);
  const [reviewing, setReviewing] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  const refresh = () =>
    api.get<Proposal[]>('/steward/queries').then(
      (all) => (setProposals(all), setError(null)),
      (e) => setError(problemText(e, t)),
    );
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [api]);

  const decided = (message: string) => {
    setReviewing(null);
    setStatus(message);
    refresh();
  };
  const tabButton = (name: 'inbox' | 'history' | 'profile' | 'importData') => (
    <button
      type="button"
      data-tab={name}
      aria-pressed={tab === name}
      onClick={() => (setTab(name), setReviewing(null))}
    >
      {t(name)}
    </button>
  );

  return (
    <>
      <nav aria-label={t('inbox')}>
        {tabButton('inbox')}
        {tabButton('history')}
        {tabButton('profile')}
        {tabButton('importData')}
      </nav>
      <p role="status" class="status">
        {status}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {reviewing ? (
        <QueryReview api={api} queryId={reviewing} onDecided={decided} onClose={() => setReviewing(null)} />
      ) : tab === 'inbox' ? (
        <Inbox
          proposals={proposals && proposals.filter((p) => p.state === 'pending')}
          onReview={(id) => (setStatus(''), setReviewing(id))}
          onRefresh={refresh}
        />
      ) : tab === 'history' ? (
        <History proposals={proposals} />
      ) : tab === 'profile' ? (
        <DataProfile api={api} />
      ) : (
        <ImportForm api={api} />
      )}
    </>
  );
}
