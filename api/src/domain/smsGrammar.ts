/**
 * The SMS grammar (docs/SMS.md), as one pure function: a message body in, a command out. Spanish and
 * English keywords; case, accents and punctuation are ignored; anything else (emoji, other scripts) is not
 * a letter of a keyword, so a look-alike such as a Cyrillic "А" in "АLERTA" makes the word unknown rather
 * than guessed at.
 *
 * Carrier keywords follow Twilio's defaults: STOP, STOPALL, UNSUBSCRIBE, END, QUIT and a bare CANCEL opt
 * out; START, UNSTOP and YES opt back in; a bare HELP or INFO is the carrier's help request and answers
 * with how to use the service. HELP followed by anything ("HELP 90210", "HELP ME") is a request for help:
 * it raises an alert, as ALERTA and AYUDA always do.
 */

export type SmsLanguage = 'es' | 'en';

export type SmsPlace =
  | { kind: 'ZIP'; zip: string }
  | { kind: 'CITY'; city: string; state: string }
  /** Words that are neither a ZIP code nor "city state": no location, routed to the fallback office. */
  | { kind: 'TEXT'; text: string };

export type SmsCommand =
  | { kind: 'RAISE'; language: SmsLanguage; place: SmsPlace | null }
  | { kind: 'STATUS'; language: SmsLanguage }
  /** `pin` null: the keyword came without a well-formed PIN (4-8 digits). */
  | { kind: 'CANCEL'; language: SmsLanguage; pin: string | null }
  /** Links the texting phone to the person who asked the app for `code` (10 digits; null: malformed). */
  | { kind: 'LINK'; language: SmsLanguage; code: string | null }
  | { kind: 'OPT_OUT' }
  | { kind: 'OPT_IN' }
  | { kind: 'INFO'; language: SmsLanguage }
  | { kind: 'UNKNOWN' };

const RAISE_WORDS: Record<string, SmsLanguage> = { ALERTA: 'es', AYUDA: 'es', AUXILIO: 'es', ALERT: 'en', HELP: 'en' };
const STATUS_WORDS: Record<string, SmsLanguage> = { ESTADO: 'es', STATUS: 'en' };
const CANCEL_WORDS: Record<string, SmsLanguage> = { CANCELAR: 'es', CANCEL: 'en' };
const LINK_WORDS: Record<string, SmsLanguage> = { VINCULAR: 'es', LINK: 'en' };
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'END', 'QUIT']);
const OPT_IN = new Set(['START', 'UNSTOP', 'YES']);

/** The two-letter codes of the 50 states, DC and Puerto Rico: a last word like these makes "city state". */
export const US_STATES = new Set(
  ('AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND ' +
    'OH OK OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY').split(' '),
);

/** Uppercase ASCII words: compatibility forms folded (fullwidth digits become digits), accents dropped. */
export function smsWords(body: string): string[] {
  const folded = body.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase();
  return folded.split(/[^A-Z0-9]+/).filter(Boolean);
}

export function parseSms(body: string): SmsCommand {
  const [head, ...rest] = smsWords(body);
  if (head === undefined) return { kind: 'UNKNOWN' };
  if (OPT_OUT.has(head) && rest.length === 0) return { kind: 'OPT_OUT' };
  if (OPT_IN.has(head) && rest.length === 0) return { kind: 'OPT_IN' };
  if ((head === 'HELP' || head === 'INFO') && rest.length === 0) return { kind: 'INFO', language: 'en' };
  if (head === 'CANCEL' && rest.length === 0) return { kind: 'OPT_OUT' };
  const raise = RAISE_WORDS[head];
  if (raise) return { kind: 'RAISE', language: raise, place: parsePlace(rest) };
  const status = STATUS_WORDS[head];
  if (status) return { kind: 'STATUS', language: status };
  const cancel = CANCEL_WORDS[head];
  if (cancel) return { kind: 'CANCEL', language: cancel, pin: rest.length === 1 && /^\d{4,8}$/.test(rest[0]!) ? rest[0]! : null };
  const link = LINK_WORDS[head];
  if (link) return { kind: 'LINK', language: link, code: rest.length === 1 && /^\d{10}$/.test(rest[0]!) ? rest[0]! : null };
  return { kind: 'UNKNOWN' };
}

/** What follows the raise keyword: a ZIP code (ZIP+4 accepted), "city state", or other words. */
function parsePlace(words: string[]): SmsPlace | null {
  if (words.length === 0) return null;
  const [first, second] = words;
  // Any run of digits is taken as a ZIP code attempt, so "ALERTA 9021" is answered "ZIP not found".
  if (/^\d+$/.test(first!) && (words.length === 1 || (words.length === 2 && /^\d{4}$/.test(second!)))) return { kind: 'ZIP', zip: first! };
  const last = words[words.length - 1]!;
  if (words.length >= 2 && US_STATES.has(last) && words.slice(0, -1).every((w) => /^[A-Z]+$/.test(w)))
    return { kind: 'CITY', city: words.slice(0, -1).join(' '), state: last };
  return { kind: 'TEXT', text: words.join(' ').slice(0, 100) };
}
