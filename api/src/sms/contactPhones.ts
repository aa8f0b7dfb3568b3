import type { Db } from '../db/types.js';
import type { PhoneVault } from './phoneVault.js';

/**
 * A trusted contact as the profile stores it (persons.trusted_contacts): the number only sealed
 * (AES-256-GCM under the SMS phone key, phoneVault.ts), as typed by the person, so it is shown back to
 * them as they wrote it. No HMAC: nothing looks a contact up by number. `phone` (clear) is the form
 * before migration 0017; `sealLegacyContactPhones` converts such rows at start.
 */
export interface StoredContact {
  name: string;
  phoneEnc?: string;
  /** Before 0017 only: never written any more (a trigger refuses it). */
  phone?: string;
  notify?: boolean;
  shareLocation?: boolean;
}

export interface ClearContact {
  name: string;
  phone: string;
  notify?: boolean;
  shareLocation?: boolean;
}

export function sealContacts(vault: PhoneVault, contacts: readonly (ClearContact | StoredContact)[]): StoredContact[] {
  return contacts.map((c) => {
    const { phone, ...rest } = c;
    return phone === undefined ? { ...rest } : { ...rest, phoneEnc: vault.seal(phone) };
  });
}

/**
 * The number in clear: only where a message is sent (follower.ts) and in the person's own view of their
 * profile. Null when it cannot be opened (a key changed since: SMS_PHONE_KEY orphans stored numbers).
 */
export function contactPhone(vault: PhoneVault, c: StoredContact): string | null {
  if (c.phoneEnc) {
    try {
      return vault.open(c.phoneEnc);
    } catch {
      return null;
    }
  }
  return c.phone ?? null;
}

/**
 * Migration 0017 cannot encrypt (the key is not the database's): the server, at start, seals the contacts
 * still held in clear. Idempotent, and safe with two processes starting at once (each row is re-read under
 * its lock). Returns how many profiles it converted.
 */
export async function sealLegacyContactPhones(db: Db, vault: PhoneVault): Promise<number> {
  const ids = await db.query<{ id: string }>(`select id from persons where jsonb_path_exists(trusted_contacts, '$[*].phone')`);
  let n = 0;
  for (const { id } of ids.rows) {
    n += await db.tx(async (q) => {
      const r = await q.query<{ trusted_contacts: StoredContact[] }>(`select trusted_contacts from persons where id = $1 for update`, [id]);
      const contacts = r.rows[0]?.trusted_contacts;
      if (!contacts?.some((c) => c.phone !== undefined)) return 0;
      await q.query(`update persons set trusted_contacts = $2::jsonb where id = $1`, [id, JSON.stringify(sealContacts(vault, contacts))]);
      return 1;
    });
  }
  return n;
}
