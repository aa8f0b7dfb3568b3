import type { Queryable } from '../db/types.js';

export type Audience = 'REPORTER' | 'CONTACT_RAISED' | 'CONTACT_CLOSED';

export interface NewOutboxMessage {
  dedupeKey: string;
  alertId: string | null;
  audience: Audience;
  toHmac: string;
  toEnc: string;
  body: string;
}

export interface ClaimedMessage {
  id: string;
  to_enc: string;
  to_hmac: string;
  body: string;
  attempts: number;
}

/** Enqueues messages; one already enqueued under the same key is left as it is. */
export async function enqueue(q: Queryable, rows: NewOutboxMessage[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `insert into sms_outbox (dedupe_key, alert_id, audience, to_hmac, to_enc, body)
     select * from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[])
     on conflict (dedupe_key) do nothing`,
    [rows.map((r) => r.dedupeKey), rows.map((r) => r.alertId), rows.map((r) => r.audience), rows.map((r) => r.toHmac), rows.map((r) => r.toEnc), rows.map((r) => r.body)],
  );
}

/**
 * Claims due messages for this process: pending ones whose time has come, and ones another process
 * claimed and never finished (it died: its claim ran out). `skip locked`: two processes never claim one
 * row. The claim counts the attempt, so a process dying mid-send still uses up a try.
 */
export async function claimDue(q: Queryable, limit: number, claimMs: number): Promise<ClaimedMessage[]> {
  const r = await q.query<ClaimedMessage>(
    `/* sms_outbox_claim */ update sms_outbox o set status = 'SENDING', attempts = o.attempts + 1,
            claimed_until = now() + make_interval(secs => $2::float8 / 1000)
     where o.id in (
       select id from sms_outbox
       where (status = 'PENDING' and next_attempt_at <= now()) or (status = 'SENDING' and claimed_until < now())
       order by next_attempt_at, id limit $1 for update skip locked)
     returning o.id::text as id, o.to_enc, o.to_hmac, o.body, o.attempts`,
    [limit, claimMs],
  );
  return r.rows;
}

export async function markSent(q: Queryable, id: string, providerSid: string): Promise<void> {
  await q.query(`update sms_outbox set status = 'SENT', provider_sid = $2, sent_at = now(), claimed_until = null, last_error = null where id = $1::bigint and status = 'SENDING'`, [id, providerSid]);
}

/** Back to PENDING after `delayMs`, or FAILED for good. */
export async function markAttemptFailed(q: Queryable, id: string, error: string, delayMs: number | null): Promise<void> {
  await q.query(
    `update sms_outbox set status = case when $3::float8 is null then 'FAILED' else 'PENDING' end,
            next_attempt_at = now() + make_interval(secs => coalesce($3::float8, 0) / 1000),
            claimed_until = null, last_error = $2
     where id = $1::bigint and status = 'SENDING'`,
    [id, error.slice(0, 200), delayMs],
  );
}

/** Twilio's delivery report: delivered, or failed/undelivered (a visible failure). Returns whether a row matched. */
export async function applyDeliveryStatus(q: Queryable, providerSid: string, status: 'DELIVERED' | 'FAILED', error: string | null): Promise<boolean> {
  const r = await q.query(
    `update sms_outbox set status = $2, last_error = coalesce($3, last_error)
     where provider_sid = $1 and status in ('SENT', 'DELIVERED', 'FAILED')`,
    [providerSid, status, error],
  );
  return r.rowCount > 0;
}

export async function isOptedOut(q: Queryable, hmac: string): Promise<boolean> {
  return (await q.query('select 1 from sms_optouts where phone_hmac = $1', [hmac])).rowCount > 0;
}

/** Per alert, for the console: contacts told of the raise (sent or delivered) of those to tell, and failures. */
export async function deliverySummary(q: Queryable, alertIds: readonly string[]) {
  const r = await q.query<{ alert_id: string; notified: number; total: number; failures: number }>(
    `select alert_id::text as alert_id,
            count(*) filter (where audience = 'CONTACT_RAISED' and status in ('SENT', 'DELIVERED'))::int as notified,
            count(*) filter (where audience = 'CONTACT_RAISED')::int as total,
            count(*) filter (where status = 'FAILED')::int as failures
     from sms_outbox where alert_id = any($1::uuid[]) group by alert_id`,
    [alertIds],
  );
  return new Map(r.rows.map((row) => [row.alert_id, row]));
}
