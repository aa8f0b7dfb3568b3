import { randomInt } from 'node:crypto';
import type { Db, Queryable } from '../db/types.js';
import { notFound } from '../domain/errors.js';
import type { PhoneVault } from './phoneVault.js';

/** How long a link code may be texted. */
export const LINK_CODE_TTL_S = 600;
export const LINK_CODE_DIGITS = 10;
const linkKey = (code: string) => `link-code:${code}`;

/**
 * A fresh 10-digit code for the person (replacing any earlier one). Stored as an HMAC: the database never
 * holds a usable code. Texting it from a phone (LINK <code>) proves the person holds that number.
 */
export async function newLinkCode(q: Queryable, vault: PhoneVault, personId: string): Promise<{ code: string; expiresAt: Date }> {
  // 10 digits: enough against guessing within the global budget of wrong codes (docs/SMS.md, linkGuard.ts).
  const code = String(randomInt(0, 10_000_000_000)).padStart(LINK_CODE_DIGITS, '0');
  const r = await q.query<{ expires_at: Date }>(
    `update persons set sms_link_code_hmac = $2, sms_link_expires_at = now() + make_interval(secs => $3::int)
     where id = $1 and deleted_at is null returning sms_link_expires_at as expires_at`,
    [personId, vault.hmac(linkKey(code)), LINK_CODE_TTL_S],
  );
  // A token whose person has erased their data (or never registered): a clear refusal, nothing written.
  const row = r.rows[0];
  if (!row) throw notFound('person');
  return { code, expiresAt: row.expires_at };
}

/**
 * Links the texting number to the person whose unexpired code this is; the number leaves any person it
 * was linked to before (whoever proves it last holds it). Returns the person's language, or null when
 * the code matches nothing (wrong or expired: the same answer).
 */
export async function linkPhone(db: Db, vault: PhoneVault, code: string, e164: string): Promise<{ language: string } | null> {
  const phone = vault.hmac(e164);
  return db.tx(async (q) => {
    const r = await q.query<{ id: string; preferred_language: string }>(
      `select id, preferred_language from persons
       where sms_link_code_hmac = $1 and sms_link_expires_at > now() and deleted_at is null for update`,
      [vault.hmac(linkKey(code))],
    );
    const p = r.rows[0];
    if (!p) return null;
    await q.query('update persons set sms_phone_hmac = null, sms_phone_enc = null where sms_phone_hmac = $1 and id <> $2', [phone, p.id]);
    await q.query(
      `update persons set sms_phone_hmac = $2, sms_phone_enc = $3, sms_link_code_hmac = null, sms_link_expires_at = null where id = $1`,
      [p.id, phone, vault.seal(e164)],
    );
    return { language: p.preferred_language };
  });
}
