import type { Queryable } from '../db/types.js';

/**
 * The alerts' horizon (db/migrations/0025_alert_history_horizon.sql): what the retention purge left of an
 * alert, a coarse row, goes once it is older than the history window. Each call takes at most `batch` rows,
 * passing over rows another transaction holds (the next pass takes them), and is one statement: the rows that
 * point at what goes are deleted with it, and PostgreSQL checks the foreign keys at the statement's end.
 */

/**
 * Purged alerts closed more than `historyDays` days ago whose events are all gone (their months dropped by
 * the event retention), counted into `alert_monthly_counts`, then deleted with their offers, track, SMS rows
 * and incident membership. An alert not purged, or with an event left, stays. Returns how many went.
 */
export async function forgetAlerts(q: Queryable, historyDays: number, batch: number): Promise<number> {
  const r = await q.query<{ n: number }>(
    `/* forget_alerts */ with gone as materialized (
       select a.id, a.created_at, a.consulate_id, a.kind, a.status from alerts a
       where a.purged_at is not null and a.closed_at < now() - make_interval(days => $1::int)
         and not exists (select 1 from alert_events e where e.alert_id = a.id)
       order by a.closed_at
       limit $2::int
       for update of a skip locked),
     counted as (
       insert into alert_monthly_counts as c (month, consulate_id, kind, status, alerts)
       select date_trunc('month', created_at at time zone 'UTC')::date, consulate_id, kind, status, count(*)::int
       from gone group by 1, 2, 3, 4
       on conflict (month, consulate_id, kind, status) do update set alerts = c.alerts + excluded.alerts),
     offers as (delete from alert_offers o using gone g where o.alert_id = g.id),
     track as (delete from alert_track t using gone g where t.alert_id = g.id),
     sms_in as (delete from sms_inbound s using gone g where s.alert_id = g.id),
     sms_reporter as (delete from sms_reporters s using gone g where s.alert_id = g.id),
     sms_out as (delete from sms_outbox s using gone g where s.alert_id = g.id),
     membership as (delete from incident_alerts m using gone g where m.alert_id = g.id),
     deleted as (delete from alerts a using gone g where a.id = g.id returning 1)
     select count(*)::int as n from deleted`,
    [historyDays, batch],
  );
  return r.rows[0]!.n;
}

/**
 * Incidents closed more than `historyDays` days ago with no member alert and no event left, deleted with
 * their team and consulates. One that others were merged into waits until they are gone (a later pass).
 * Returns how many went.
 */
export async function forgetIncidents(q: Queryable, historyDays: number, batch: number): Promise<number> {
  const r = await q.query<{ n: number }>(
    `/* forget_incidents */ with gone as materialized (
       select i.id from incidents i
       where i.closed_at < now() - make_interval(days => $1::int)
         and not exists (select 1 from incident_alerts m where m.incident_id = i.id)
         and not exists (select 1 from incident_events e where e.incident_id = i.id)
         and not exists (select 1 from incidents s where s.merged_into = i.id)
       limit $2::int
       for update of i skip locked),
     team as (delete from incident_team t using gone g where t.incident_id = g.id),
     consulates as (delete from incident_consulates c using gone g where c.incident_id = g.id),
     deleted as (delete from incidents i using gone g where i.id = g.id returning 1)
     select count(*)::int as n from deleted`,
    [historyDays, batch],
  );
  return r.rows[0]!.n;
}

/**
 * SMS rows tied to no alert (a command that raised nothing, a message to a trusted contact), older than the
 * window: settled outbound messages and inbound ones. Returns how many went.
 */
export async function forgetLooseSms(q: Queryable, historyDays: number): Promise<number> {
  const r = await q.query<{ n: number }>(
    `/* forget_loose_sms */ with inbound as (
       delete from sms_inbound where alert_id is null and received_at < now() - make_interval(days => $1::int) returning 1),
     outbound as (
       delete from sms_outbox where alert_id is null and status in ('SENT', 'DELIVERED', 'FAILED')
         and created_at < now() - make_interval(days => $1::int) returning 1)
     select ((select count(*) from inbound) + (select count(*) from outbound))::int as n`,
    [historyDays],
  );
  return r.rows[0]!.n;
}
