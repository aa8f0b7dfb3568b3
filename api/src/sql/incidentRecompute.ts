import type { Queryable } from '../db/types.js';

/** How far the hull reaches beyond its outermost alerts, so one or two points still give a polygon. */
export const HULL_BUFFER_M = 100;

/**
 * After a merge or a split: an incident's place, counts, severity, owner and consulates from its member
 * alerts as they are now (db/migrations/0014_incidents.sql). Owner: the consulate with most of its alerts
 * (ties: the earliest alert's). Severity: HIGH with any DETAINED, MEDIUM with any RAID_NEARBY or 10 or more
 * alerts, LOW otherwise. Answers the owner before and after (an operator's command may hand it on).
 */
export async function recomputeIncident(q: Queryable, id: string): Promise<{ before: string; after: string }> {
  const r = await q.query<{ before: string; after: string }>(
    `with m as (
       select a.location, a.kind, a.consulate_id, a.created_at, a.closed_at from incident_alerts ia join alerts a on a.id = ia.alert_id
       where ia.incident_id = $1::uuid),
     owner as (
       select consulate_id from m group by consulate_id order by count(*) desc, min(created_at) limit 1),
     old as (select consulate_id from incidents where id = $1::uuid),
     upd as (
       update incidents i set
         center = (select ST_Centroid(ST_Collect(location::geometry))::geography from m),
         hull = (select ST_Buffer(ST_ConvexHull(ST_Collect(location::geometry))::geography, $2::float8) from m),
         alert_count = (select count(*) from m),
         open_alert_count = (select count(*) from m where closed_at is null),
         severity = (select case when bool_or(kind = 'DETAINED') then 'HIGH'
                                 when bool_or(kind = 'RAID_NEARBY') or count(*) >= 10 then 'MEDIUM' else 'LOW' end from m),
         consulate_id = coalesce((select consulate_id from owner), i.consulate_id),
         updated_at = now()
       where i.id = $1::uuid and exists (select 1 from m)
       returning i.consulate_id),
     gone as (delete from incident_consulates c where c.incident_id = $1::uuid and c.consulate_id not in (select consulate_id from m)),
     added as (
       insert into incident_consulates (incident_id, consulate_id) select distinct $1::uuid, consulate_id from m
       on conflict do nothing)
     select (select consulate_id from old) as before, coalesce((select consulate_id from upd), (select consulate_id from old)) as after`,
    [id, HULL_BUFFER_M],
  );
  return r.rows[0]!;
}
