/**
 * Language codes for advisors and persons: ISO 639-1 where one exists (es, en), otherwise ISO 639-3
 * for Mexico's indigenous languages most often spoken by migrants. Documented in docs/LANGUAGES.md.
 */
export const LANGUAGES: Readonly<Record<string, string>> = {
  es: 'Español',
  en: 'English',
  mix: 'Mixteco (Tu’un savi)',
  zap: 'Zapoteco',
  trs: 'Triqui',
  nah: 'Náhuatl',
  tzo: 'Tsotsil',
  tzh: 'Tseltal',
  quc: 'K’iche’',
  mam: 'Mam',
  yua: 'Maya yucateco',
  maz: 'Mazahua',
  oto: 'Otomí (Hñähñu)',
  maq: 'Mazateco',
  chj: 'Chinanteco',
  tar: 'Rarámuri (Tarahumara)',
  pua: 'P’urhépecha',
  toj: 'Tojolabal',
  mxe: 'Mixe (Ayuuk)',
  pt: 'Português',
  fr: 'Français',
};

export const isLanguageCode = (c: unknown): c is string => typeof c === 'string' && Object.hasOwn(LANGUAGES, c);
