import { LANGUAGES } from '../../../api/src/domain/languages';

/**
 * The language codes the API accepts for a person's preferred language (docs/LANGUAGES.md), each named
 * in its own language so a speaker finds it whatever the screen's language. The API's own list, in its
 * order: one file, so the form never offers a code the API refuses.
 */
export const PERSON_LANGUAGES: ReadonlyArray<readonly [code: string, name: string]> = Object.entries(LANGUAGES);

/** The screen speaks Spanish or English; every other preferred language reads the Spanish screen. */
export const screenLanguage = (code: string | null | undefined): 'es' | 'en' => (code === 'en' ? 'en' : 'es');

/** A language code as people read it (its own name), or the code itself when it is not on the list. */
export const languageName = (code: string): string => PERSON_LANGUAGES.find(([c]) => c === code)?.[1] ?? code;
