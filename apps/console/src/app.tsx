import { useEffect, useMemo, useState } from 'preact/hooks';
import { Language, LanguageContext, LABELS } from './i18n';
import { SigningKey } from './key-file';
import { SignIn } from './sign-in';
import { SignedApi } from './signed-api';
import { StewardView } from './steward/steward-view';

const LANGUAGES: Language[] = ['nl', 'en'];

/** The console: one page per server, the view chosen by the key that signs in (a steward's names its organisation). */
export function App() {
  const [language, setLanguage] = useState<Language>('nl');
  const [key, setKey] = useState<SigningKey | null>(null);
  const api = useMemo(() => (key ? new SignedApi(key) : null), [key]);
  const t = (label: keyof (typeof LABELS)['nl']) => LABELS[language][label];
  useEffect(() => void (document.documentElement.lang = language), [language]);

  return (
    <LanguageContext.Provider value={language}>
      <header>
        <h1>{t('title')}</h1>
        <div role="group" aria-label={t('language')}>
          {LANGUAGES.map((l) => (
            <button key={l} type="button" lang={l} aria-pressed={language === l} onClick={() => setLanguage(l)}>
              {l === 'nl' ? 'Nederlands' : 'English'}
            </button>
          ))}
        </div>
        {key && (
          <div class="who">
            <span>
              {t('signedInAs')} <strong>{key.id}</strong>
            </span>
            {/* Forgetting the key object is all sign-out needs: it was never stored anywhere else. */}
            <button type="button" onClick={() => setKey(null)}>
              {t('signOut')}
            </button>
          </div>
        )}
      </header>
      <main>{!key ? <SignIn onSignedIn={setKey} /> : key.org && api ? <StewardView api={api} /> : <p>{t('notBuilt')}</p>}</main>
    </LanguageContext.Provider>
  );
}
