import { useRef, useState } from 'preact/hooks';
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
  // Reading the file is asynchronous: a submit that comes before it ends (Enter right after choosing) waits for it.
  const reading = useRef<Promise<unknown>>(Promise.resolve(undefined));

  async function read(file: File | undefined): Promise<unknown> {
    if (!file) return undefined;
    try {
      return parseKeyFileText(await file.text());
    } catch (e) {
      setError(t(`error.${(e as KeyFileError).code}`));
      return undefined;
    }
  }

  async function chosen(event: Event) {
    setError(null);
    reading.current = read((event.target as HTMLInputElement).files?.[0]);
    setContent(await reading.current);
  }

  async function submit(event: Event) {
    event.preventDefault();
    const loaded = await reading.current;
    if (loaded === undefined) return setError(t('error.no-file'));
    setBusy(true);
    try {
      const signer = await signerOf(await signingKeyOf(loaded, passphrase));
      // The file's content and the passphrase are not kept once the signer holds the key.
      reading.current = Promise.resolve(undefined);
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
          <input
            id="passphrase"
            type="password"
            autocomplete="current-password"
            value={passphrase}
            onInput={(e) => setPassphrase((e.target as HTMLInputElement).value)}
          />
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
