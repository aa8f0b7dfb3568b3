import type { Queryable } from '../db/types.js';

/** Records a provider message once. Returns false when this MessageSid was seen already. */
export async function claimInbound(q: Queryable, messageSid: string, phoneHmac: string, command: string): Promise<boolean> {
  const r = await q.query(
    `insert into sms_inbound (message_sid, phone_hmac, command) values ($1, $2, $3) on conflict (message_sid) do nothing`,
    [messageSid, phoneHmac, command],
  );
  return r.rowCount === 1;
}

export async function storedReply(q: Queryable, messageSid: string): Promise<string | null> {
  const r = await q.query<{ reply: string | null }>('select reply from sms_inbound where message_sid = $1', [messageSid]);
  return r.rows[0]?.reply ?? null;
}

export async function saveReply(q: Queryable, messageSid: string, reply: string, alertId: string | null): Promise<void> {
  await q.query('update sms_inbound set reply = $2, alert_id = coalesce($3::uuid, alert_id) where message_sid = $1', [messageSid, reply, alertId]);
}

/** Messages from one number in the last 10 minutes, this one included. */
export async function recentFrom(q: Queryable, phoneHmac: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `select count(*)::int as n from sms_inbound where phone_hmac = $1 and received_at > now() - interval '10 minutes'`,
    [phoneHmac],
  );
  return r.rows[0]?.n ?? 0;
}

export interface SmsIdentity {
  personId: string | null;
  language: string | null;
}

export async function personByPhone(q: Queryable, phoneHmac: string): Promise<SmsIdentity> {
  const r = await q.query<{ id: string; preferred_language: string }>(
    'select id, preferred_language from persons where sms_phone_hmac = $1 and deleted_at is null',
    [phoneHmac],
  );
  const p = r.rows[0];
  return { personId: p?.id ?? null, language: p?.preferred_language ?? null };
}

export interface OpenAlert {
  id: string;
  status: string;
  office_name: string;
  office_phone: string | null;
}

/** The newest alert of the sender that is open as a phone sees it (a duress cancel looks closed). */
export async function openAlertOf(q: Queryable, personId: string): Promise<OpenAlert | null> {
  const r = await q.query<OpenAlert>(
    `select a.id::text as id, a.status, c.name as office_name, c.phone as office_phone
     from alerts a join consulates c on c.id = a.consulate_id
     where a.person_id = $1 and a.closed_at is null and not a.duress order by a.created_at desc limit 1`,
    [personId],
  );
  return r.rows[0] ?? null;
}

export async function saveReporter(q: Queryable, alertId: string, phoneHmac: string, phoneEnc: string, language: string): Promise<void> {
  await q.query(
    `insert into sms_reporters (alert_id, phone_hmac, phone_enc, language) values ($1::uuid, $2, $3, $4) on conflict (alert_id) do nothing`,
    [alertId, phoneHmac, phoneEnc, language],
  );
}

export async function setOptOut(q: Queryable, phoneHmac: string, out: boolean): Promise<void> {
  if (out) await q.query('insert into sms_optouts (phone_hmac) values ($1) on conflict do nothing', [phoneHmac]);
  else await q.query('delete from sms_optouts where phone_hmac = $1', [phoneHmac]);
}

/** Inbound rows tied to no alert, older than the retention: their number's HMAC goes with them. */
export async function forgetUnlinkedInbound(q: Queryable, retentionDays: number): Promise<number> {
  const r = await q.query(
    `delete from sms_inbound where alert_id is null and received_at < now() - make_interval(days => $1::int)`,
    [retentionDays],
  );
  return r.rowCount;
}
