import { useState } from 'preact/hooks';
import { useT } from './i18n';
import { isSealed, KeyFileError, parseKeyFileText, signingKeyOf } from './key-file';
import { Signer, signerOf } from './signer';

/** Loads the user's key file into this page's memory: read locally, opened locally (with its passphrase if sealed), never uploaded. */
export function SignIn({ onSignedIn }: { onSignedIn: (signer: Signer) => void }) {
  const t = useT();
  const [content, setContent] = useState<unknown>(undefined);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function chosen(event: Event) {
    setError(null);
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return setContent(undefined);
    try {
      setContent(parseKeyFileText(await file.text()));
    } catch (e) {
      setContent(undefined);
      setError(t(`error.${(e as KeyFileError).code}`));
    }
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (content === undefined) return setError(t('error.no-file'));
    setBusy(true);
    try {
      const signer = await signerOf(await signingKeyOf(content, passphrase));
      // The file's content and the passphrase are not kept once the signer holds the key.
      setContent(undefined);
      setPassphrase('');
      onSignedIn(signer);
    } catch (e) {
      setError(e instanceof KeyFileError ? t(`error.${e.code}`) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel" onSubmit={submit} aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{t('signIn')}</h2>
      <p id="key-help">{t('keyFileHelp')}</p>
      <label for="key-file">{t('keyFile')}</label>
      <input id="key-file" type="file" accept=".json,application/json" aria-describedby="key-help" onChange={chosen} />
      {isSealed(content) && (
        <>
          <label for="passphrase">{t('passphrase')}</label>
          <input id="passphrase" type="password" autocomplete="current-password" value={passphrase} onInput={(e) => setPassphrase((e.target as HTMLInputElement).value)} />
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('signIn')}
      </button>
    </form>
  );
}
