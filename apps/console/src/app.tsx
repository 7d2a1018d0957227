import { useEffect, useMemo, useState } from 'preact/hooks';
import { EthicsView } from './ethics/ethics-view';
import { useEthicsBoard } from './ethics/role';
import { Language, LanguageContext, LABELS } from './i18n';
import { SignIn } from './sign-in';
import { SignedApi } from './signed-api';
import { Signer } from './signer';
import { QueriesView } from './queries/queries-view';
import { StewardView } from './steward/steward-view';

const LANGUAGES: Language[] = ['nl', 'en'];

/** The console: one build for every server, the view chosen by the key that signs in (a steward's names its organisation; the ethics board's the logs; others see the coordinator's queries). */
export function App() {
  const [language, setLanguage] = useState<Language>('nl');
  const [signer, setSigner] = useState<Signer | null>(null);
  const api = useMemo(() => (signer ? new SignedApi(signer) : null), [signer]);
  const ethicsBoard = useEthicsBoard(api);
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
        {signer && (
          <div class="who">
            <span>
              {t('signedInAs')} <strong>{signer.id}</strong> ({t(signer.nonExtractable ? 'keyGuarded' : 'keyInMemory')})
            </span>
            {/* Forgetting the signer is all sign-out needs: the key was never stored anywhere else. */}
            <button type="button" onClick={() => setSigner(null)}>
              {t('signOut')}
            </button>
          </div>
        )}
      </header>
      <main>
        {!signer || !api ? (
          <SignIn onSignedIn={setSigner} />
        ) : signer.org ? (
          <StewardView api={api} />
        ) : ethicsBoard === null ? (
          <p>{t('loading')}</p>
        ) : ethicsBoard ? (
          <EthicsView api={api} />
        ) : (
          <QueriesView api={api} />
        )}
      </main>
    </LanguageContext.Provider>
  );
}
