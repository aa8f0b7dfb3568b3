import { sqlNumber, sqlUuid } from './literal.js';
import type { Queryable } from '../db/types.js';
import type { AlertStatus, MatchMethod } from '../generated/enums.js';

/** The columns dispatch decisions need, read with a row lock so decisions on one alert are serialised. */
export interface LockedAlert {
  id: string;
  person_id: string;
  status: AlertStatus;
  consulate_id: string;
  assigned_advisor_id: string | null;
  current_offer_id: number | null;
  offer_advisor_id: string | null;
  offer_count: number;
  duress: boolean;
  flags: string[];
  person_language: string | null;
  lon: number;
  lat: number;
  /** In a CONFIRMED incident: offered to its team first (services/incidentTeamOffers.ts). Absent on a new alert. */
  in_confirmed_incident?: boolean;
}

/**
 * `select ... for update` on the alert row: concurrent claims, assignments, expiries and cancels of the
 * same alert run one after another, each seeing the previous one's result. Always lock the alert first,
 * then advisors and offers, so two transactions never wait on each other in opposite orders.
 */
export async function lockAlert(q: Queryable, id: string): Promise<LockedAlert | null> {
  const r = await q.query<Omit<LockedAlert, 'offer_advisor_id'>>(
    `select a.id, a.person_id, a.status, a.consulate_id, a.assigned_advisor_id, a.current_offer_id,
            a.offer_count, a.duress, a.flags, a.person_language,
            ST_X(a.location::geometry) as lon, ST_Y(a.location::geometry) as lat,
            exists (select 1 from incident_alerts ia join incidents i on i.id = ia.incident_id
                    where ia.alert_id = a.id and i.status = 'CONFIRMED') as in_confirmed_incident
     from alerts a where a.id = $1::uuid for update of a`,
    [id],
  );
  const a = r.rows[0];
  if (!a) return null;
  // Fix: the offer is read in a second statement, after the lock is held. Read in the locking statement
  // (a sub-select), it used that statement's snapshot: when the lock had to wait for a transaction that
  // re-offered the alert, the row came back with the new current_offer_id but that offer was invisible,
  // so offer_advisor_id was null and the newly offered advisor's claim WITHDREW their own offer and their
  // decline was refused with NOT_FOUND. A new statement (READ COMMITTED) sees what the lock waited for.
  const o = a.current_offer_id === null
    ? { rows: [] as Array<{ advisor_id: string }> }
    : await q.query<{ advisor_id: string }>('select advisor_id from alert_offers where id = $1::bigint and outcome is null', [a.current_offer_id]);
  return { ...a, offer_advisor_id: o.rows[0]?.advisor_id ?? null };
}

/** Moves the alert to `status`, stamping the milestone the first time it is reached. */
export async function setAlertStatus(q: Queryable, id: string, status: string): Promise<void> {
  await q.query(
    `update alerts set status = $2, updated_at = now(),
       acknowledged_at = case when $2 = 'ACKNOWLEDGED' then coalesce(acknowledged_at, now()) else acknowledged_at end,
       en_route_at     = case when $2 = 'EN_ROUTE' then coalesce(en_route_at, now()) else en_route_at end,
       on_scene_at     = case when $2 = 'ON_SCENE' then coalesce(on_scene_at, now()) else on_scene_at end,
       escalated_at    = case when $2 = 'ESCALATED' then now() else escalated_at end,
       closed_at       = case when $2 in ('RESOLVED', 'CANCELLED') then now() else closed_at end,
       current_offer_id = case when $2 = 'OFFERED' then current_offer_id else null end
     where id = $1::uuid`,
    [id, status],
  );
}

export async function setAssignedAdvisor(q: Queryable, id: string, advisorId: string | null): Promise<void> {
  await q.query('update alerts set assigned_advisor_id = $2::uuid, updated_at = now() where id = $1::uuid', [id, advisorId]);
}

export async function setResolution(q: Queryable, id: string, disposition: string, note: string | null): Promise<void> {
  await q.query('update alerts set disposition = $2, resolution_note = $3 where id = $1::uuid', [id, disposition, note]);
}

export async function markDuress(q: Queryable, id: string): Promise<void> {
  await q.query(
    `update alerts set duress = true, duress_at = now(), duress_offer_count = offer_count, updated_at = now()
     where id = $1::uuid`,
    [id],
  );
}

/**
 * Opens an offer and makes it the alert's current one (status OFFERED, offer counted). One statement
 * without parameters, for the message that commits a dispatch transaction (`Ending.writes`, services/dispatchTx.ts): values
 * inlined as `SqlLiteral`s (ids checked as uuids, numbers as finite).
 */
export function createOfferStatement(alertId: string, advisorId: string, distanceM: number, ttlSeconds: number): string {
  const alert = sqlUuid(alertId);
  return `with o as (
       insert into alert_offers (alert_id, advisor_id, distance_m, expires_at)
       values (${alert}, ${sqlUuid(advisorId)}, ${sqlNumber(distanceM)}::float8, now() + make_interval(secs => ${sqlNumber(ttlSeconds)}::float8))
       returning id)
     update alerts set current_offer_id = (select id from o), status = 'OFFERED', offer_count = offer_count + 1,
            offered_at = coalesce(offered_at, now()), updated_at = now()
     where id = ${alert}`;
}

/** Settles an open offer exactly once; false when it was already settled (by a claim or another sweeper). */
export async function settleOffer(q: Queryable, offerId: number, outcome: 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'WITHDRAWN'): Promise<boolean> {
  const r = await q.query(
    `update alert_offers set outcome = $2, settled_at = now() where id = $1::bigint and outcome is null`,
    [offerId, outcome],
  );
  return r.rowCount === 1;
}

/** Open offers past their deadline, oldest first (no lock: each is settled under its alert's lock). */
export async function expiredOffers(q: Queryable, limit = 100): Promise<Array<{ id: number; alert_id: string }>> {
  const r = await q.query<{ id: number; alert_id: string }>(
    `select id, alert_id from alert_offers where outcome is null and expires_at < now() order by expires_at limit $1`,
    [limit],
  );
  return r.rows.map((x) => ({ id: Number(x.id), alert_id: x.alert_id }));
}

/** An advisor's offers still open (the partial index alert_offers_advisor_open_idx serves this). */
export async function openOffersOf(q: Queryable, advisorId: string): Promise<Array<{ id: number; alert_id: string }>> {
  const r = await q.query<{ id: number; alert_id: string }>(
    `select id, alert_id from alert_offers where advisor_id = $1::uuid and outcome is null order by id`,
    [advisorId],
  );
  return r.rows.map((x) => ({ id: Number(x.id), alert_id: x.alert_id }));
}

export async function lastTrackTime(q: Queryable, alertId: string): Promise<Date | null> {
  const r = await q.query<{ at: Date | null }>('select max(recorded_at) as at from alert_track where alert_id = $1::uuid', [alertId]);
  return r.rows[0]?.at ?? null;
}

export async function appendTrack(
  q: Queryable,
  alertId: string,
  p: { lon: number; lat: number; accuracyM: number | null },
  at: Date,
  consulateId: string,
): Promise<void> {
  await q.query(
    `insert into alert_track (alert_id, location, accuracy_m, recorded_at, consulate_id)
     values ($1::uuid, ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography, $4::real, $5, $6)`,
    [alertId, p.lon, p.lat, p.accuracyM, at, consulateId],
  );
}

export interface TrackPointRow {
  lon: number;
  lat: number;
  accuracy_m: number | null;
  recorded_at: Date;
}

/** The newest `last` reported positions of an alert, newest first (the index serves this order). */
export async function trackOfAlert(q: Queryable, alertId: string, last: number): Promise<TrackPointRow[]> {
  const r = await q.query<TrackPointRow>(
    `select ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat, accuracy_m, recorded_at
       from alert_track where alert_id = $1::uuid
      order by recorded_at desc, id desc
      limit $2`,
    [alertId, last],
  );
  return r.rows;
}

/** The alert's current position and, on a hand-over, its new responsible consulate. */
export async function moveAlert(q: Queryable, id: string, p: { lon: number; lat: number; accuracyM: number | null }, consulateId: string, method: MatchMethod, distanceM: number): Promise<void> {
  await q.query(
    `update alerts set location = ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography, accuracy_m = $4::real,
            consulate_id = $5, match_method = $6, match_distance_m = $7::float8, updated_at = now()
     where id = $1::uuid`,
    [id, p.lon, p.lat, p.accuracyM, consulateId, method, distanceM],
  );
}

/** Adds one flag (once). */
export async function addFlag(q: Queryable, id: string, flag: string): Promise<void> {
  await q.query('update alerts set flags = array_append(flags, $2::text) where id = $1::uuid and not ($2::text = any(flags))', [id, flag]);
}

export async function setFlags(q: Queryable, id: string, flags: string[]): Promise<void> {
  await q.query('update alerts set flags = $2::text[] where id = $1::uuid', [id, flags]);
}
