import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { es, type Messages } from './es';
import { en } from './en';

export type Lang = 'es' | 'en';
const CATALOGS: Record<Lang, Messages> = { es, en };
const STORAGE_KEY = 'alerta.console.lang';

interface I18n {
  lang: Lang;
  t: Messages;
  setLang(lang: Lang): void;
}

const I18nContext = createContext<I18n>({ lang: 'es', t: es, setLang: () => undefined });

function initialLang(): Lang {
  try {
    // Spanish unless this browser chose English before: the default does not follow the OS locale,
    // because consular staff share workstations set up in English.
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'es';
  } catch {
    return 'es';
  }
}

/** `title`: the page title for this screen (default: the console's). */
export function I18nProvider({ children, title }: { children: ReactNode; title?: (t: Messages) => string }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const value = useMemo<I18n>(
    () => ({
      lang,
      t: CATALOGS[lang],
      setLang(next) {
        setLangState(next);
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          /* not remembered; fine */
        }
      },
    }),
    [lang],
  );
  useEffect(() => {
    document.documentElement.lang = value.t.htmlLang;
    document.title = title ? title(value.t) : value.t.title;
  }, [value, title]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = (): I18n => useContext(I18nContext);

/** The ES/EN toggle; labelled in the language it switches to, so it is findable by those who need it. */
export function LanguageSwitch() {
  const { lang, t, setLang } = useI18n();
  return (
    <button type="button" className="lang-switch" data-testid="lang-switch" onClick={() => setLang(lang === 'es' ? 'en' : 'es')}>
      {t.switchLanguage}
    </button>
  );
}
