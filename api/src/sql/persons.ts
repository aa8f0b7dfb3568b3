import type { Queryable } from '../db/types.js';
import type { StoredContact } from '../sms/contactPhones.js';

export interface PersonRow {
  id: string;
  display_name: string | null;
  preferred_language: string;
  /** `notify`, `shareLocation`: the SMS opt-ins (docs/SMS.md); absent in contacts saved before them. The
   * number only sealed (`phoneEnc`, migration 0017): opened for the person's own view and to text it. */
  trusted_contacts: StoredContact[];
  cancel_pin_hash: string | null;
  duress_pin_hash: string | null;
  /** A PIN that acts as the duress PIN, chosen when the PINs were changed under duress (services/pinChange.ts). */
  decoy_pin_hash: string | null;
}

export async function personById(q: Queryable, id: string): Promise<PersonRow | null> {
  const r = await q.query<PersonRow>(
    `select id, display_name, preferred_language, trusted_contacts, cancel_pin_hash, duress_pin_hash, decoy_pin_hash
     from persons where id = $1 and deleted_at is null`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function insertPerson(q: Queryable, p: Omit<PersonRow, 'id'> & { id: string }): Promise<void> {
  await q.query(
    `insert into persons (id, display_name, preferred_language, trusted_contacts, cancel_pin_hash, duress_pin_hash, decoy_pin_hash)
     values ($1, $2, $3, $4::jsonb, $5, $6, $7)`,
    [p.id, p.display_name, p.preferred_language, JSON.stringify(p.trusted_contacts), p.cancel_pin_hash, p.duress_pin_hash, p.decoy_pin_hash],
  );
}

/** The profile only: PINs are written by `savePins` alone, so a profile save never restores PINs read earlier. */
export async function savePerson(q: Queryable, p: Pick<PersonRow, 'id' | 'display_name' | 'preferred_language' | 'trusted_contacts'>): Promise<void> {
  await q.query(
    `update persons set display_name = $2, preferred_language = $3, trusted_contacts = $4::jsonb
     where id = $1 and deleted_at is null`,
    [p.id, p.display_name, p.preferred_language, JSON.stringify(p.trusted_contacts)],
  );
}

export async function savePins(q: Queryable, id: string, p: Pick<PersonRow, 'cancel_pin_hash' | 'duress_pin_hash' | 'decoy_pin_hash'>): Promise<void> {
  await q.query(
    `update persons set cancel_pin_hash = $2, duress_pin_hash = $3, decoy_pin_hash = $4 where id = $1 and deleted_at is null`,
    [id, p.cancel_pin_hash, p.duress_pin_hash, p.decoy_pin_hash],
  );
}

/**
 * The person's alerts that are open as the phone sees them: not closed, and not cancelled with the duress
 * PIN (which the phone shows as cancelled, while it stays open for the control room).
 */
export async function phoneOpenAlerts(q: Queryable, personId: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `select count(*)::int as n from alerts where person_id = $1::text and closed_at is null and not duress`,
    [personId],
  );
  return r.rows[0]?.n ?? 0;
}
