/**
 * The role that migrates is not the role that serves, where MIGRATION_DATABASE_URL names another role than
 * DATABASE_URL: the migration role owns every table and runs migrations and seeds; the serving role gets
 * rows to read and write, but may not change or remove the audit trail (audit_log) or the alert history
 * (alert_events): not UPDATE, DELETE or TRUNCATE, which the triggers of migrations 0004/0011 refuse for
 * every role, and here the privileges too, so even disabling a trigger (an owner's right) is out of its reach.
 */
import pg from 'pg';
import type { Queryable } from './types.js';

/** Tables whose rows the serving role may add but never change or remove. */
export const APPEND_ONLY_TABLES = ['audit_log', 'alert_events', 'incident_events'] as const;
/**
 * Tables the serving role only reads: what the migration role alone writes. `audit_retention` (migration
 * 0023) is how long the audit trail is kept: the operator's decision, not the application's;
 * `month_partitioned_tables` (0024), which tables the month function may take.
 */
const READ_ONLY_TABLES = ['schema_migrations', 'seed_state', 'audit_retention', 'month_partitioned_tables'] as const;

export const currentRole = async (q: Queryable): Promise<string> =>
  (await q.query<{ r: string }>('select current_user::text as r')).rows[0]!.r;

/**
 * Run by the migration role after migrating, at every start (so a table a later migration adds is granted
 * too): what `servingRole` may do, and what it may not. Idempotent.
 */
export async function grantServingRole(q: Queryable, servingRole: string): Promise<void> {
  const role = pg.escapeIdentifier(servingRole);
  await q.exec(`
    grant usage on schema public to ${role};
    grant select, insert, update, delete on all tables in schema public to ${role};
    grant usage, select on all sequences in schema public to ${role};
    revoke update, delete, truncate on ${APPEND_ONLY_TABLES.join(', ')} from ${role};
    revoke insert, update, delete, truncate on ${READ_ONLY_TABLES.join(', ')} from ${role};
  `);
  // The month partitions of alert_events (migration 0018) are tables too, so the grant above reached them: the
  // serving role reads and writes through the parent, whose privileges are the ones checked, and needs none.
  const parts = await q.query<{ p: string }>(
    `select p.relid::text as p from unnest($1::regclass[]) t, pg_partition_tree(t) p where p.relid <> t`,
    [[...APPEND_ONLY_TABLES]],
  );
  if (parts.rows.length) await q.exec(`revoke all on ${parts.rows.map((r) => r.p).join(', ')} from ${role};`);
}

/** Append-only tables the serving role owns (then privileges bind it not: only the triggers do). */
export async function appendOnlyTablesOwnedBy(q: Queryable, role: string): Promise<string[]> {
  const r = await q.query<{ t: string }>(
    `select c.relname::text as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relname = any($1::text[]) and pg_get_userbyid(c.relowner) = $2`,
    [[...APPEND_ONLY_TABLES], role],
  );
  return r.rows.map((x) => x.t);
}
