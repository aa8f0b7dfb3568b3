/**
 * The language codes the API accepts for a person's preferred language (docs/LANGUAGES.md), each named
 * in its own language so a speaker finds it whatever the screen's language.
 */
export const PERSON_LANGUAGES: ReadonlyArray<readonly [code: string, name: string]> = [
  ['es', 'Español'],
  ['en', 'English'],
  ['mix', 'Mixteco (Tu’un savi)'],
  ['zap', 'Zapoteco'],
  ['trs', 'Triqui'],
  ['nah', 'Náhuatl'],
  ['tzo', 'Tsotsil'],
  ['tzh', 'Tseltal'],
  ['quc', 'K’iche’'],
  ['mam', 'Mam'],
  ['yua', 'Maya yucateco'],
  ['maz', 'Mazahua'],
  ['oto', 'Otomí (Hñähñu)'],
  ['maq', 'Mazateco'],
  ['chj', 'Chinanteco'],
  ['tar', 'Rarámuri (Tarahumara)'],
  ['pua', 'P’urhépecha'],
  ['toj', 'Tojolabal'],
  ['mxe', 'Mixe (Ayuuk)'],
  ['pt', 'Português'],
  ['fr', 'Français'],
];

/** The screen speaks Spanish or English; every other preferred language reads the Spanish screen. */
export const screenLanguage = (code: string | null | undefined): 'es' | 'en' => (code === 'en' ? 'en' : 'es');

/** A language code as people read it (its own name), or the code itself when it is not on the list. */
export const languageName = (code: string): string => PERSON_LANGUAGES.find(([c]) => c === code)?.[1] ?? code;
