/**
 * The "enviar por SMS" link: for a phone with signal but no data, the alert as a text message to the
 * service's number (SMS_NUMBER, served in /app-config.json), in the grammar of SMS intake: `ALERTA`,
 * optionally followed by a ZIP code or a city and state.
 */

/** What SMS_NUMBER may be: E.164 (`+` and 8-15 digits) or a short code (3-8 digits). */
export const SMS_NUMBER_PATTERN = /^(\+[1-9]\d{7,14}|\d{3,8})$/;

/** "ALERTA", or "ALERTA 90012" / "ALERTA Los Angeles, CA" when the phone knows where it is. */
export function smsText(where: string | null): string {
  const w = where?.replace(/\s+/g, ' ').trim() ?? '';
  return w ? `ALERTA ${w}` : 'ALERTA';
}

/** An RFC 5724 `sms:` URI with the text prefilled; null when the number is not one we would dial. */
export function smsHref(number: string | null, text: string): string | null {
  if (!number || !SMS_NUMBER_PATTERN.test(number)) return null;
  return `sms:${number}?body=${encodeURIComponent(text)}`;
}
