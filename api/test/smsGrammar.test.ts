import { describe, expect, it } from 'vitest';
import { parseSms, type SmsCommand } from '../src/domain/smsGrammar.js';

/** Every line of docs/SMS.md's grammar, one row each: the body as texted, the command it means. */
const TABLE: Array<[string, SmsCommand]> = [
  // Raise, Spanish and English, with or without a place.
  ['ALERTA', { kind: 'RAISE', language: 'es', place: null }],
  ['alerta', { kind: 'RAISE', language: 'es', place: null }],
  ['Ayúda', { kind: 'RAISE', language: 'es', place: null }],
  ['AYUDA 90210', { kind: 'RAISE', language: 'es', place: { kind: 'ZIP', zip: '90210' } }],
  ['  alerta   90210-1234 ', { kind: 'RAISE', language: 'es', place: { kind: 'ZIP', zip: '90210' } }],
  ['ALERT 60629', { kind: 'RAISE', language: 'en', place: { kind: 'ZIP', zip: '60629' } }],
  ['help 90210', { kind: 'RAISE', language: 'en', place: { kind: 'ZIP', zip: '90210' } }],
  ['HELP ME', { kind: 'RAISE', language: 'en', place: { kind: 'TEXT', text: 'ME' } }],
  ['Alerta San José, CA', { kind: 'RAISE', language: 'es', place: { kind: 'CITY', city: 'SAN JOSE', state: 'CA' } }],
  ['ayuda los angeles ca', { kind: 'RAISE', language: 'es', place: { kind: 'CITY', city: 'LOS ANGELES', state: 'CA' } }],
  ['ALERTA en la calle', { kind: 'RAISE', language: 'es', place: { kind: 'TEXT', text: 'EN LA CALLE' } }],
  ['ALERTA 9021', { kind: 'RAISE', language: 'es', place: { kind: 'ZIP', zip: '9021' } }],
  // Fullwidth digits fold to digits; emoji are not words.
  ['ＡＬＥＲＴＡ ９０２１０', { kind: 'RAISE', language: 'es', place: { kind: 'ZIP', zip: '90210' } }],
  ['🆘 AYUDA 🆘 90210', { kind: 'RAISE', language: 'es', place: { kind: 'ZIP', zip: '90210' } }],
  // Status.
  ['ESTADO', { kind: 'STATUS', language: 'es' }],
  ['status', { kind: 'STATUS', language: 'en' }],
  // Cancel with a PIN; without a well-formed one the PIN is null (asked for again).
  ['CANCELAR 1234', { kind: 'CANCEL', language: 'es', pin: '1234' }],
  ['cancelár 12345678', { kind: 'CANCEL', language: 'es', pin: '12345678' }],
  ['Cancel 9999', { kind: 'CANCEL', language: 'en', pin: '9999' }],
  ['CANCELAR', { kind: 'CANCEL', language: 'es', pin: null }],
  ['CANCELAR 12', { kind: 'CANCEL', language: 'es', pin: null }],
  ['CANCELAR 1234 5678', { kind: 'CANCEL', language: 'es', pin: null }],
  // Linking the phone to a registered person with the app's one-time code.
  ['VINCULAR 1234567890', { kind: 'LINK', language: 'es', code: '1234567890' }],
  ['link 1234567890', { kind: 'LINK', language: 'en', code: '1234567890' }],
  ['VINCULAR 12345678', { kind: 'LINK', language: 'es', code: null }],
  ['VINCULAR 1234', { kind: 'LINK', language: 'es', code: null }],
  // Carrier keywords: a bare CANCEL is an opt-out, as Twilio treats it; bare HELP/INFO is the help request.
  ['STOP', { kind: 'OPT_OUT' }],
  ['stopall', { kind: 'OPT_OUT' }],
  ['Unsubscribe', { kind: 'OPT_OUT' }],
  ['END', { kind: 'OPT_OUT' }],
  ['QUIT', { kind: 'OPT_OUT' }],
  ['CANCEL', { kind: 'OPT_OUT' }],
  ['START', { kind: 'OPT_IN' }],
  ['unstop', { kind: 'OPT_IN' }],
  ['YES', { kind: 'OPT_IN' }],
  ['HELP', { kind: 'INFO', language: 'en' }],
  ['info', { kind: 'INFO', language: 'en' }],
  // Unknown: nothing, emoji only, other words, and look-alike letters from another script.
  ['', { kind: 'UNKNOWN' }],
  ['🙏🙏', { kind: 'UNKNOWN' }],
  ['hola', { kind: 'UNKNOWN' }],
  ['АLERTA 90210', { kind: 'UNKNOWN' }], // the first letter is Cyrillic
  ['ΑΛΕΡΤΑ', { kind: 'UNKNOWN' }],
  ['STOP please', { kind: 'UNKNOWN' }],
];

describe('SMS grammar (docs/SMS.md)', () => {
  it.each(TABLE)('%j', (body, expected) => {
    expect(parseSms(body)).toEqual(expected);
  });
});
