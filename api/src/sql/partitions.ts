import type { Queryable } from '../db/types.js';

/**
 * Monthly partitions of `alert_events` (db/migrations/0018_monthly_partitions.sql), `audit_log` (0021) and
 * `incident_events` (0024).
 * The calls below are functions owned by the migration role (SECURITY DEFINER), so the serving role can run
 * them without owning, and so being able to disable the append-only triggers of, any partition.
 */

/** The current month's partition and the next `ahead` months' (moving rows out of the default partition). Idempotent. */
export async function ensureEventPartitions(q: Queryable, ahead = 2): Promise<string[]> {
  const r = await q.query<{ p: string }>('select alert_events_ensure_partitions($1::int) as p', [ahead]);
  return r.rows.map((x) => x.p);
}

/** The audit log's months (migration 0021): the current one and the next `ahead`, as for alert_events. Idempotent. */
export async function ensureAuditPartitions(q: Queryable, ahead = 2): Promise<string[]> {
  const r = await q.query<{ p: string }>('select audit_log_ensure_partitions($1::int) as p', [ahead]);
  return r.rows.map((x) => x.p);
}

/** incident_events' months (migration 0024): the current one and the next `ahead`, as for alert_events. Idempotent. */
export async function ensureIncidentEventPartitions(q: Queryable, ahead = 2): Promise<string[]> {
  const r = await q.query<{ p: string }>('select incident_events_ensure_partitions($1::int) as p', [ahead]);
  return r.rows.map((x) => x.p);
}

/** Drops each incident_events month older than the retention window whose incidents all closed before it; answers the partitions dropped. */
export async function dropClosedIncidentEventMonths(q: Queryable, retentionDays: number): Promise<string[]> {
  const r = await q.query<{ p: string }>('select incident_events_drop_closed_months($1::int) as p', [retentionDays]);
  return r.rows.map((x) => x.p);
}

/** Drops each month older than the retention window whose alerts are all purged; answers the partitions dropped. */
export async function dropPurgedEventMonths(q: Queryable, retentionDays: number): Promise<string[]> {
  const r = await q.query<{ p: string }>('select alert_events_drop_purged_months($1::int) as p', [retentionDays]);
  return r.rows.map((x) => x.p);
}

/**
 * Drops each audit month older than the retention the operator set in the database (`audit_retention`,
 * migration 0023; none set: nothing goes). Takes no retention from the caller on purpose: the serving
 * process cannot shorten the trail of what it did. Answers the partitions dropped.
 */
export async function dropExpiredAuditMonths(q: Queryable): Promise<string[]> {
  const r = await q.query<{ p: string }>('select audit_log_drop_expired_months() as p');
  return r.rows.map((x) => x.p);
}

/** The month partitions of alert_events, oldest first (the default partition not included). */
export const eventPartitions = (q: Queryable): Promise<string[]> => monthPartitions(q, 'alert_events');

/** The month partitions of a table partitioned by month, oldest first (the default partition not included). */
export type MonthPartitioned = 'alert_events' | 'audit_log' | 'incident_events';

export async function monthPartitions(q: Queryable, parent: MonthPartitioned): Promise<string[]> {
  const r = await q.query<{ p: string }>(
    `select c.relname::text as p from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = $1::text::regclass and c.relname::text <> $1::text || '_default' order by 1`,
    [parent],
  );
  return r.rows.map((x) => x.p);
}
