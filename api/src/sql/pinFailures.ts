import type { Queryable } from '../db/types.js';

/**
 * Serialises one person's PIN checks until the transaction ends, across every API process: the count
 * read next stays true until this transaction has recorded its own outcome, so concurrent guesses
 * cannot all slip in under the limit. The two-key form (namespace, hash of the id) never collides
 * with the single-key locks of migrations (7261001) and event writers (7261002).
 */
export async function lockPinChecks(q: Queryable, personId: string): Promise<void> {
  await q.query('/* lock_pin_checks */ select pg_advisory_xact_lock(7261003, hashtext($1::text))', [personId]);
}

/** Wrong PINs the person gave within the last `windowSeconds` (the database's clock, shared by all processes). */
export async function recentPinFailures(q: Queryable, personId: string, windowSeconds: number): Promise<number> {
  const r = await q.query<{ n: number }>(
    `/* recent_pin_failures */ select count(*)::int as n from pin_failures
     where person_id = $1::text and at > now() - make_interval(secs => $2::float8)`,
    [personId, windowSeconds],
  );
  return r.rows[0]?.n ?? 0;
}

export async function recordPinFailure(q: Queryable, personId: string): Promise<void> {
  await q.query('/* record_pin_failure */ insert into pin_failures (person_id) values ($1::text)', [personId]);
}

/** Failures older than the window no longer count: removed, as they only say someone guessed. Returns the count. */
export async function purgePinFailures(q: Queryable, olderThanSeconds: number): Promise<number> {
  const r = await q.query(
    'delete from pin_failures where at < now() - make_interval(secs => $1::float8)',
    [olderThanSeconds],
  );
  return r.rowCount;
}
