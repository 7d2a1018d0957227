import { ReleaseTranslate } from './release-i18n';

/** Hands the browser a file made here; nothing is fetched again (the page's policy allows only its own API). */
export function save(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export function Downloads({
  queryId,
  csv,
  raw,
  t,
}: {
  queryId: string;
  csv: () => string;
  raw: string;
  t: ReleaseTranslate;
}) {
  return (
    <div class="release-downloads">
      <button
        type="button"
        class="download-csv"
        onClick={() => save(`release-${queryId}.csv`, 'text/csv;charset=utf-8', csv())}
      >
        {t('downloadCsv')}
      </button>
      <button
        type="button"
        class="download-json"
        onClick={() => save(`release-${queryId}.json`, 'application/json', raw)}
      >
        {t('downloadJson')}
      </button>
      <p class="help">{t('csvHelp')}</p>
    </div>
  );
}
