import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { SignedApi } from '../signed-api';
import { problemText } from '../refusal';

interface ImportReport {
  file: string;
  outcome: 'imported' | 'unchanged' | 'refused' | 'checked';
  reason?: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRefused: number;
  years: number[];
  edition?: { id: string };
  problems: { row: number | null; column: string | null; problem: string; value?: string }[];
}

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function Report({ report }: { report: ImportReport }) {
  const t = useT();
  return (
    <section aria-labelledby="import-report-title">
      <h3 id="import-report-title">{t('importReport')}</h3>
      <p role="status">
        {`${t(`import.${report.outcome}`)}: ${report.rowsRead} ${t('rowsRead')}, ${report.rowsAccepted} ${t('rowsAccepted')}, ${report.rowsRefused} ${t('rowsRefused')}`}
        {report.reason ? ` — ${report.reason}` : ''}
        {report.edition ? ` — ${t('edition')} ${report.edition.id.slice(0, 12)}` : ''}
      </p>
      {report.problems.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('row')}</th>
              <th scope="col">{t('column')}</th>
              <th scope="col">{t('problem')}</th>
              <th scope="col">{t('value')}</th>
            </tr>
          </thead>
          <tbody>
            {report.problems.map((p, i) => (
              <tr key={i}>
                <td>{p.row ?? ''}</td>
                <td>{p.column ?? ''}</td>
                <td>{p.problem}</td>
                <td>{p.value ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The steward loads an export into their own node: check first (nothing written), see the report, then confirm. */
export function ImportForm({ api }: { api: SignedApi }) {
  const t = useT();
  const [datasets, setDatasets] = useState<string[]>([]);
  const [dataset, setDataset] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState(api.signer.org ?? '');
  const [acceptPartial, setAcceptPartial] = useState(false);
  const [replaceYear, setReplaceYear] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.get<{ dataset: string }[]>('/steward/data/profile').then(
      (all) => (setDatasets(all.map((d) => d.dataset)), setDataset(all[0]?.dataset ?? '')),
      (e) => setError(problemText(e, t)),
    );
  }, [api]);

  const send = async (checkOnly: boolean) => {
    if (!file) return setError(t('error.no-import-file'));
    setBusy(true);
    setError(null);
    try {
      const year = replaceYear.trim() ? Number(replaceYear) : undefined;
      const body = {
        fileName: file.name,
        content: await base64Of(file),
        dataset,
        mapping,
        acceptPartial,
        checkOnly,
        ...(year !== undefined ? { replaceYear: year } : {}),
      };
      setReport(await api.post<ImportReport>('/steward/data/import', body));
    } catch (e) {
      setReport(null);
      setError(problemText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const changed = () => setReport(null);

  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">{t('importData')}</h2>
      <p>{t('importIntro')}</p>
      <form onSubmit={(e) => (e.preventDefault(), send(true))}>
        <label for="import-file">{t('importFile')}</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,.xlsx"
          onChange={(e) => (setFile((e.target as HTMLInputElement).files?.[0] ?? null), changed())}
        />
        <label for="import-dataset">{t('dataset')}</label>
        <select
          id="import-dataset"
          value={dataset}
          onChange={(e) => (setDataset((e.target as HTMLSelectElement).value), changed())}
        >
          {datasets.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <label for="import-mapping">{t('mappingName')}</label>
        <input
          id="import-mapping"
          type="text"
          value={mapping}
          onInput={(e) => (setMapping((e.target as HTMLInputElement).value), changed())}
        />
        <label for="import-year">{t('replaceYear')}</label>
        <input
          id="import-year"
          type="text"
          inputMode="numeric"
          pattern="[0-9]{4}"
          value={replaceYear}
          onInput={(e) => (setReplaceYear((e.target as HTMLInputElement).value), changed())}
        />
        <label>
          <input
            type="checkbox"
            checked={acceptPartial}
            onChange={(e) => (setAcceptPartial((e.target as HTMLInputElement).checked), changed())}
          />{' '}
          {t('acceptPartial')}
        </label>
        <button type="submit" disabled={busy}>
          {t('checkImport')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {report && <Report report={report} />}
      {report?.outcome === 'checked' && (
        <button id="import-confirm" type="button" disabled={busy} onClick={() => send(false)}>
          {t('confirmImport')}
        </button>
      )}
    </section>
  );
}
