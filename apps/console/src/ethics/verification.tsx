import { FederationAudit } from './federation';
import { useEthicsT } from './labels';

/** Each log's chain and signatures, the logs the registry names that could not be checked, and the cross-check's findings: the same result `bfa ethics verify` prints. */
export function Verification({ audit }: { audit: FederationAudit }) {
  const t = useEthicsT();
  const total = audit.logs.length + audit.missing.length;
  const verdict = audit.ok
    ? t('allAgree', { n: total })
    : audit.missing.length > 0
      ? t('incomplete', { missing: audit.missing.length, n: total })
      : t('problems');
  return (
    <section aria-labelledby="verification-title">
      <h3 id="verification-title">{t('verification')}</h3>
      <p class={audit.ok ? 'status' : 'error'} data-verdict={audit.ok ? 'ok' : 'problems'}>
        {verdict}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('log')}</th>
            <th scope="col">{t('url')}</th>
            <th scope="col">{t('entries')}</th>
            <th scope="col">{t('chain')}</th>
          </tr>
        </thead>
        <tbody>
          {audit.logs.map((l) => (
            <tr key={l.log} data-log={l.log} data-valid={String(l.valid)}>
              <td>{l.log}</td>
              <td>{l.url}</td>
              <td>{l.entries}</td>
              <td>{l.valid ? t('valid') : `${t('invalid')}: ${l.reason}`}</td>
            </tr>
          ))}
          {audit.missing.map((m) => (
            <tr key={m.log} data-log={m.log} data-valid="missing">
              <td>{m.log}</td>
              <td>{m.url ?? ''}</td>
              <td />
              <td>
                {t('notChecked')}: {m.reason}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('findings')}</h4>
      {audit.findings.length === 0 ? (
        <p>{t('noFindings')}</p>
      ) : (
        <ul>
          {audit.findings.map((f, i) => (
            <li key={i}>{f.problem}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
