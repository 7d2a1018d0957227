import { useEffect, useState } from 'preact/hooks';
import { Label, useT, useWhen } from '../i18n';
import { SignedApi } from '../signed-api';
import { problemText } from '../refusal';

/** GET /queries/:id: the state, the stewards' decisions, and while it runs the step it is at (counts only). */
interface QueryState {
  id: string;
  state: 'proposed' | 'refused' | 'rejected' | 'executing' | 'released' | 'failed' | 'removed';
  reason: string | null;
  envelope: { dataHolders: string[]; keyHolders: string[]; spec: { purpose: string; combination?: unknown } };
  decisions: { org: string; decision: string; reason: string; decidedAt: string }[];
  progress: { step: 'execution' | 'hops' | 'decryption'; done: number; of: number } | null;
  updatedAt: string;
}

/** A decision or a finished step shows up within this, without reloading. */
const POLL_MS = 2_000;
const FINAL = ['refused', 'rejected', 'released', 'failed', 'removed'];

type StepState = 'done' | 'current' | 'waiting' | 'stopped';

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));

/** Where each step stands, read from the query's state and the coordinator's progress. */
function stepsOf(q: QueryState): Record<'approval' | 'execution' | 'decryption' | 'release', StepState> {
  const at = q.progress?.step;
  switch (q.state) {
    case 'proposed':
      return { approval: 'current', execution: 'waiting', decryption: 'waiting', release: 'waiting' };
    case 'refused':
    case 'rejected':
      return { approval: 'stopped', execution: 'waiting', decryption: 'waiting', release: 'waiting' };
    case 'executing':
      return {
        approval: 'done',
        execution: at === 'decryption' ? 'done' : 'current',
        decryption: at === 'decryption' ? 'current' : 'waiting',
        release: 'waiting',
      };
    case 'released':
    case 'removed':
      return { approval: 'done', execution: 'done', decryption: 'done', release: 'done' };
    case 'failed':
      return { approval: 'done', execution: 'done', decryption: 'done', release: 'stopped' };
  }
}

/** One query's live state: each steward's answer by organisation, then execution, decryption and the release, in words. */
export function QueryStatus({ api, id }: { api: SignedApi; id: string }) {
  const t = useT();
  const when = useWhen();
  const [query, setQuery] = useState<QueryState | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get<{ organisations: Record<string, string> }>('/catalog').then(
      (c) => setNames(c.organisations),
      () => undefined,
    );
  }, [api]);

  useEffect(() => {
    setQuery(null);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () =>
      api.get<QueryState>(`/queries/${id}`).then(
        (q) => (setQuery(q), setError(null), FINAL.includes(q.state) || (timer = setTimeout(refresh, POLL_MS))),
        (e) => (setError(problemText(e, t)), (timer = setTimeout(refresh, POLL_MS))),
      );
    refresh();
    return () => clearTimeout(timer);
  }, [api, id]);

  if (!query) return <section aria-busy="true">{error ? <p role="alert">{error}</p> : <p>{t('loading')}</p>}</section>;
  const approvers = [...new Set([...query.envelope.dataHolders, ...query.envelope.keyHolders])].sort();
  const decisionOf = (org: string) => query.decisions.find((d) => d.org === org);
  const approved = query.decisions.filter((d) => d.decision === 'approve').length;
  const steps = stepsOf(query);
  const progress = query.progress;
  const running = (step: keyof typeof steps) => {
    if (!progress || step === 'approval' || step === 'release' || steps[step] !== 'current') return null;
    const label: Label =
      progress.step === 'hops'
        ? 'status.hops'
        : progress.step === 'decryption'
          ? 'status.decrypting'
          : 'status.contributing';
    return fill(t(label), { done: progress.done, of: progress.of });
  };

  return (
    <section class="panel" aria-labelledby="status-title" data-status-of={query.id}>
      <h2 id="status-title">
        {t('status.title')}: {query.envelope.spec.purpose}
      </h2>
      <p aria-live="polite">
        <strong>{t(`query.${query.state}`)}</strong>
        {query.reason && query.state !== 'rejected' && `: ${query.reason}`}
      </p>
      <h3>{t('stewards')}</h3>
      <p aria-live="polite">{fill(t('approvedOf'), { approved, partners: approvers.length })}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('status.partner')}</th>
            <th scope="col">{t('decision')}</th>
            <th scope="col">{t('decidedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {approvers.map((org) => {
            const d = decisionOf(org);
            return (
              <tr key={org} data-org={org}>
                <td>{names[org] ?? org}</td>
                <td>
                  {d
                    ? `${t(d.decision === 'approve' ? 'decision.approve' : 'decision.reject')}${d.reason ? `: ${d.reason}` : ''}`
                    : t('status.noAnswer')}
                </td>
                <td>{d ? when(d.decidedAt) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>{t('status.steps')}</h3>
      <ol class="steps" aria-live="polite">
        {(['approval', 'execution', 'decryption', 'release'] as const).map((step) => (
          <li key={step} data-step={step} data-state={steps[step]}>
            {t(`status.${step}`)}: {t(`step.${steps[step]}`)}
            {running(step) && ` (${running(step)})`}
          </li>
        ))}
      </ol>
    </section>
  );
}
