import { useContext } from 'preact/hooks';
import { Language, LanguageContext } from './i18n';

/** A view's words in both languages, each label with its {placeholders}; English has every Dutch label. */
export type Labels<L extends string> = Record<Language, Record<L, string>>;

export type Translator<L extends string> = (label: L, values?: Record<string, string | number>) => string;

/** A label's text with its {placeholders} filled in; one without a value stays as it is. */
export const fill = (text: string, values: Record<string, string | number> = {}) =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));

/** The hook a view asks for its words with, in the reader's language. */
export function labelHook<L extends string>(labels: Labels<L>): () => Translator<L> {
  return () => {
    const language = useContext(LanguageContext);
    return (label, values) => fill(labels[language][label], values);
  };
}
