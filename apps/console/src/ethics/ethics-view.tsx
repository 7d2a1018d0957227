import { useState } from 'preact/hooks';
import { SignedApi } from '../signed-api';
import { useT } from '../i18n';
import { problemText } from '../refusal';
import { DrillDown } from './drill-down';
import { fetchFederation, FederationView, registryOf } from './federation';
import { useEthicsT } from './labels';
import { Timeline } from './timeline';
import { Verification } from './verification';

/** The ethics board's console: the registry it brings, then every log checked, as one timeline, and any query's story. */
export function EthicsView({ api }: { api: SignedApi }) {
  const t = useEthicsT();
  const common = useT();
  const [file, setFile] = useState<File | null>(null);
  const [view, setView] = useState<FederationView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);

  const check = async (event: Event) => {
    event.preventDefault();
    setError(null);
    let registry = null;
    try {
      registry = file && registryOf(JSON.parse(await file.text()));
    } catch {
      registry = null;
    }
    if (!registry) return setError(t('notARegistry'));
    setBusy(true);
    try {
      setView(await fetchFederation(api, registry));
    } catch (e) {
      setError(problemText(e, common));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="ethics-title">
      <h2 id="ethics-title">{t('ethicsTitle')}</h2>
      <form onSubmit={check}>
        <label for="registry-file">{t('registryFile')}</label>
        <input
          id="registry-file"
          type="file"
          accept=".json,application/json"
          aria-describedby="registry-help"
          onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
        />
        <p id="registry-help">{t('registryHelp')}</p>
        <button type="submit" disabled={busy}>
          {t('verify')}
        </button>
      </form>
      <p role="status">{busy ? t('fetching') : ''}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {view && (
        <>
          <Verification audit={view.audit} />
          {opened && <DrillDown api={api} queryId={opened} entries={view.entries} onClose={() => setOpened(null)} />}
          <Timeline entries={view.entries} onOpen={setOpened} />
        </>
      )}
    </section>
  );
}
