import { useT, useWhen } from '../i18n';
import { Proposal } from './types';

/** This node's decisions: the steward's own signed ones, and those its policy check made before any steward saw the query. */
export function History({ proposals }: { proposals: Proposal[] | null }) {
  const t = useT();
  const when = useWhen();
  const decided = (proposals ?? []).filter((p) => p.state !== 'pending');
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('decisionsOfNode')}</h2>
      {proposals === null ? (
        <p>{t('loading')}</p>
      ) : decided.length === 0 ? (
        <p>{t('noDecisions')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('purpose')}</th>
              <th scope="col">{t('requester')}</th>
              <th scope="col">{t('decision')}</th>
              <th scope="col">{t('reasonShort')}</th>
              <th scope="col">{t('decidedAt')}</th>
              <th scope="col">{t('state')}</th>
            </tr>
          </thead>
          <tbody>
            {decided.map((p) => (
              <tr key={p.queryId} data-query-id={p.queryId}>
                <td>{p.envelope.spec.purpose}</td>
                <td>{p.envelope.requester}</td>
                <td>
                  {p.decision
                    ? t(`decision.${p.decision.statement.decision}`)
                    : `${t('decision.reject')} ${t('byPolicy')}`}
                </td>
                <td>{p.decision ? p.decision.statement.reason : p.policyEvaluation.rule}</td>
                <td>{when(p.decision ? p.decision.statement.decidedAt : p.receivedAt)}</td>
                <td>{t(`state.${p.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
