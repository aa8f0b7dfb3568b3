import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Phone numbers are personal data: stored only as an HMAC (to find, count and opt out a number without
 * holding it) and as AES-256-GCM ciphertext (to send it a message), both under keys derived (HKDF) from
 * one secret, `SMS_PHONE_KEY` (docs/CONFIGURATION.md). A copied database alone gives neither the numbers
 * nor a way to test a guessed number against them.
 */
export interface PhoneVault {
  /** The lookup form of a normalised number. */
  hmac(e164: string): string;
  seal(e164: string): string;
  open(sealed: string): string;
}

export function phoneVault(secret: string): PhoneVault {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'alerta-consular-sms', info, 32));
  const macKey = derive('phone-hmac');
  const encKey = derive('phone-aes-gcm');
  return {
    hmac: (e164) => createHmac('sha256', macKey).update(e164).digest('base64url'),
    seal(e164) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(e164, 'utf8'), c.final()]);
      return ['v1', iv.toString('base64url'), body.toString('base64url'), c.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed) {
      const [v, iv, body, tag] = sealed.split('.');
      if (v !== 'v1' || !iv || !body || !tag) throw new Error('not a sealed phone number');
      const d = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
    },
  };
}

/**
 * A number as E.164 (`+` and 8-15 digits); a 10-digit number (as US profiles often hold) is taken as +1.
 * Null for anything else: no message goes to, and nothing is stored for, a number we cannot read.
 */
export function normalisePhone(raw: string): string | null {
  const digits = raw.trim().replace(/[\s().-]/g, '');
  if (/^\+[1-9]\d{7,14}$/.test(digits)) return digits;
  if (/^\d{10}$/.test(digits)) return '+1' + digits;
  if (/^1\d{10}$/.test(digits)) return '+' + digits;
  return null;
}
