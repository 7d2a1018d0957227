import { useEffect, useRef, useState } from 'preact/hooks';
import { useT, useWhen } from '../i18n';
import { decide, SignedApi } from '../signed-api';
import { problemText } from '../refusal';
import { GroundsFacts } from './grounds';
import { Proposal, Review } from './types';

type Reviewed = Proposal & { review: Review };

const list = (items: string[], none: string) => (items.length ? items.join(', ') : none);

/** One query in the catalog's words, and the steward's signed decision on exactly that query. */
export function QueryReview({
  api,
  queryId,
  onDecided,
  onClose,
}: {
  api: SignedApi;
  queryId: string;
  onDecided: (message: string) => void;
  onClose: () => void;
}) {
  const t = useT();
  const when = useWhen();
  const [proposal, setProposal] = useState<Reviewed | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    api.get<Reviewed>(`/steward/queries/${queryId}`).then(setProposal, (e) => setError(problemText(e, t)));
  }, [queryId]);
  useEffect(() => heading.current?.focus(), [proposal !== null]);

  async function sign(decision: 'approve' | 'reject') {
    if (!proposal) return;
    if (decision === 'reject' && reason.trim().length < 5) return setError(t('reasonRequired'));
    setBusy(true);
    setError(null);
    try {
      await decide(api, proposal, decision, decision === 'reject' ? reason.trim() : '');
      onDecided(t(decision === 'approve' ? 'approved' : 'rejected'));
    } catch (e) {
      setError(problemText(e, t));
    } finally {
      setBusy(false);
    }
  }

  if (!proposal)
    return <section aria-busy="true">{error ? <p role="alert">{error}</p> : <p>{t('loading')}</p>}</section>;
  const { review } = proposal;
  return (
    <section class="panel" aria-labelledby="review-title">
      <h2 id="review-title" tabIndex={-1} ref={heading}>
        {t('reviewOf')} {review.dataset.label}
      </h2>
      <dl>
        <dt>{t('purpose')}</dt>
        <dd>{review.purpose}</dd>
        <GroundsFacts grounds={review.grounds} />
        <dt>{t('requester')}</dt>
        <dd>{review.requester}</dd>
        <dt>{t('submittedAt')}</dt>
        <dd>{when(review.submittedAt)}</dd>
        <dt>{t('dataset')}</dt>
        <dd>
          {review.dataset.label} ({review.dataset.id})
        </dd>
        <dt>{t('measure')}</dt>
        <dd>{review.measure}</dd>
        <dt>{t('fields')}</dt>
        <dd>
          {list(
            review.fields.map((f) => f.label),
            t('none'),
          )}
        </dd>
        <dt>{t('filters')}</dt>
        <dd>{list(review.filters, t('none'))}</dd>
        <dt>{t('grid')}</dt>
        <dd>
          {list(
            review.grid.dimensions.map((d) => `${d.label} (${d.values})`),
            t('none'),
          )}
          : {review.grid.cells} {t('cells')}
        </dd>
        <dt>{t('minCellSize')}</dt>
        <dd>{review.minCellSize}</dd>
        <dt>{t('dataHolders')}</dt>
        <dd>{list(review.dataHolders, t('none'))}</dd>
        <dt>{t('keyHolders')}</dt>
        <dd>{list(review.keyHolders, t('none'))}</dd>
        <dt>{t('policy')}</dt>
        <dd>
          {t(review.policy.allowed ? 'policyAllowed' : 'policyDenied')}: {review.policy.rule}
        </dd>
        {review.arms && (
          <>
            <dt>{t('armIntervention')}</dt>
            <dd>
              {review.arms.label}: {review.arms.dimension.label} ({review.arms.intervention.length}){' '}
              {review.arms.intervention.join(', ')}
            </dd>
            <dt>{t('armComparison')}</dt>
            <dd>
              {review.arms.comparisonIsRest && `${t('armRest')}: `}
              {review.arms.dimension.label} ({review.arms.comparison.length}) {review.arms.comparison.join(', ')}
            </dd>
          </>
        )}
        {review.combination && (
          <>
            <dt>{t('combination')}</dt>
            <dd>
              {review.combination.counts}:{' '}
              {review.combination.factors
                .map((f) => `${f.label} (${f.holder}${f.filters.length ? `; ${f.filters.join(', ')}` : ''})`)
                .join('; ')}
            </dd>
          </>
        )}
      </dl>
      <h3>{t('earlierReleases')}</h3>
      {review.earlierReleases.length === 0 ? (
        <p>{t('noEarlierReleases')}</p>
      ) : (
        <ul>
          {review.earlierReleases.map((r) => (
            <li key={r.queryId}>
              {r.purpose} ({r.requester}, {when(r.executedAt)}): {list(r.groupBy, t('none'))}; {t('filters')}:{' '}
              {list(r.filters, t('none'))}; {t('sharedDimensions')}: {list(r.sharedDimensions, t('none'))}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="button" class="approve" disabled={busy} onClick={() => sign('approve')}>
          {t('approve')}
        </button>
      </div>
      <div class="reject">
        <label for="reject-reason">{t('reason')}</label>
        {/* One line: the node takes a reason as one line of plain text. */}
        <input
          id="reject-reason"
          type="text"
          maxLength={2000}
          value={reason}
          onInput={(e) => setReason((e.target as HTMLInputElement).value)}
        />
        <button type="button" disabled={busy} onClick={() => sign('reject')}>
          {t('reject')}
        </button>
      </div>
      <button type="button" onClick={onClose}>
        {t('close')}
      </button>
    </section>
  );
}
