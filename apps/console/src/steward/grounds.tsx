import { useT } from '../i18n';
import { Review } from './types';

/** The legal basis, DPIA and retention the steward's signature covers, in the policies' words; unknown ones said plainly. */
export function GroundsFacts({ grounds }: { grounds: Review['grounds'] }) {
  const t = useT();
  if (!grounds) return null;
  const { legalBasis: basis, dpia } = grounds;
  return (
    <>
      <dt>{t('legalBasis')}</dt>
      <dd data-grounds="legal-basis">
        {basis.label
          ? `${basis.label} (${basis.id}): ${[basis.article, basis.law].filter(Boolean).join(', ')}`
          : `${basis.id}: ${t('grounds.notListed')}`}
      </dd>
      <dt>{t('dpia')}</dt>
      <dd data-grounds="dpia">
        {dpia.reviewDate
          ? `${dpia.reference}${dpia.title ? `, ${dpia.title}` : ''}; ${t('grounds.dpiaUntil')} ${dpia.reviewDate}`
          : `${dpia.reference}: ${t('grounds.dpiaUnknown')}`}
      </dd>
      <dt>{t('retention')}</dt>
      <dd data-grounds="retention">
        {grounds.retentionDays} {t('days')}
      </dd>
    </>
  );
}
