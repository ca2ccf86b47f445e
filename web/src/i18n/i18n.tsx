/**
 * Text in English and Spanish. Each feature folder owns a `messages.ts` exporting a bundle
 * `{ en: {...}, es: {...} }` (Spanish must have every English key: the type checks it), and
 * pages call `useT(bundle)`. The language is the browser's by default; the user's pick lasts
 * for this page's life only, since nothing is written to browser storage.
 *
 * Written here rather than with an i18n library: two languages and typed keys need ~60 lines,
 * and the first load must stay under 300 KB of JavaScript.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type Language = 'en' | 'es';
export const LANGUAGES: readonly Language[] = ['en', 'es'];

export type MessageBundle<K extends string> = {
  en: Record<K, string>;
  es: Record<K, string>;
};

/** Defines a bundle; Spanish is checked to have exactly the English keys. */
export function defineMessages<K extends string>(
  en: Record<K, string>,
  es: Record<K, string>,
): MessageBundle<K> {
  return { en, es };
}

interface LanguageState {
  language: Language;
  setLanguage: (language: Language) => void;
}

const LanguageContext = createContext<LanguageState>({ language: 'en', setLanguage: () => {} });

export function browserLanguage(): Language {
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(browserLanguage);
  const value = useMemo(
    () => ({
      language,
      setLanguage: (next: Language) => {
        document.documentElement.lang = next;
        setLanguageState(next);
      },
    }),
    [language],
  );
  document.documentElement.lang = language;
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}

/** `{name}` placeholders are filled from `values`. */
export type Translate<K extends string> = (
  key: K,
  values?: Record<string, string | number>,
) => string;

export function useT<K extends string>(bundle: MessageBundle<K>): Translate<K> {
  const { language } = useLanguage();
  return useMemo(() => {
    const table = bundle[language];
    return (key: K, values?: Record<string, string | number>) => {
      const text = table[key];
      if (!values) return text;
      return text.replace(/\{(\w+)\}/g, (match, name: string) =>
        name in values ? String(values[name]) : match,
      );
    };
  }, [bundle, language]);
}

/** The locale for dates and numbers. */
export function useLocale(): string {
  return useLanguage().language === 'es' ? 'es' : 'en-US';
}
