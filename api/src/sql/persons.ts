import type { Queryable } from '../db/types.js';

export interface PersonRow {
  id: string;
  display_name: string | null;
  preferred_language: string;
  trusted_contacts: Array<{ name: string; phone: string }>;
  cancel_pin_hash: string | null;
  duress_pin_hash: string | null;
}

export async function personById(q: Queryable, id: string): Promise<PersonRow | null> {
  const r = await q.query<PersonRow>(
    `select id, display_name, preferred_language, trusted_contacts, cancel_pin_hash, duress_pin_hash
     from persons where id = $1 and deleted_at is null`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function insertPerson(q: Queryable, p: Omit<PersonRow, 'id'> & { id: string }): Promise<void> {
  await q.query(
    `insert into persons (id, display_name, preferred_language, trusted_contacts, cancel_pin_hash, duress_pin_hash)
     values ($1, $2, $3, $4::jsonb, $5, $6)`,
    [p.id, p.display_name, p.preferred_language, JSON.stringify(p.trusted_contacts), p.cancel_pin_hash, p.duress_pin_hash],
  );
}

export async function savePerson(q: Queryable, p: PersonRow): Promise<void> {
  await q.query(
    `update persons set display_name = $2, preferred_language = $3, trusted_contacts = $4::jsonb,
            cancel_pin_hash = $5, duress_pin_hash = $6
     where id = $1 and deleted_at is null`,
    [p.id, p.display_name, p.preferred_language, JSON.stringify(p.trusted_contacts), p.cancel_pin_hash, p.duress_pin_hash],
  );
}
