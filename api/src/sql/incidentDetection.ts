import type { Queryable } from '../db/types.js';
import type { IncidentStatus } from '../generated/enums.js';
import { LIVE_STATUSES } from './incidents.js';

/**
 * Detection's reads and writes. Every spatial read is `ST_DWithin` on geography between an alert and open
 * alerts, which the partial GiST index `alerts_open_location_gist` (migration 0014) serves: never a scan of
 * all pairs. "Near" is INCIDENT_RADIUS_M apart and created at most INCIDENT_WINDOW_MIN apart.
 */
const NEAR = (a: string, b: string) => `${b}.closed_at is null and ST_DWithin(${b}.location, ${a}.location, $2::float8)
       and ${b}.created_at between ${a}.created_at - make_interval(mins => $3::int) and ${a}.created_at + make_interval(mins => $3::int)`;

export interface Nearness {
  radiusM: number;
  windowMin: number;
}

/** Whether an alert is open, and the incident it is in (locked), as detection reads it. */
export interface Membership {
  open: boolean;
  member: { id: string; status: IncidentStatus } | null;
}

/**
 * Whether each alert is open and the incident it is in, locked (commands and detection on one incident take
 * turns), in one round trip for all of a pass's alerts; an id with no alert is missing from the answer. NO KEY
 * UPDATE, as every incident lock: it excludes the others but not the key-share lock a foreign key check takes,
 * so a transaction adding a row that points at the incident (an alert to it, an event of it) never waits for a
 * lock holder that waits for it (a deadlock once a detection pass held several alerts' changes).
 */
export async function alertsAndMemberships(q: Queryable, alertIds: readonly string[]): Promise<Map<string, Membership>> {
  const r = await q.query<{ id: string; open: boolean; incident_id: string | null; status: IncidentStatus | null }>(
    `/* alert_and_membership */ select a.id, a.closed_at is null as open, m.id as incident_id, m.status
     from alerts a
     left join lateral (select i.id, i.status from incident_alerts ia join incidents i on i.id = ia.incident_id
                        where ia.alert_id = a.id for no key update of i) m on true
     where a.id = any($1::uuid[])`,
    [alertIds],
  );
  return new Map(r.rows.map((row) => [row.id, { open: row.open, member: row.incident_id ? { id: row.incident_id, status: row.status! } : null }]));
}

/** One alert's `alertsAndMemberships` (null: no such alert). */
export async function alertAndMembership(q: Queryable, alertId: string): Promise<Membership | null> {
  return (await alertsAndMemberships(q, [alertId])).get(alertId) ?? null;
}

/**
 * Locks the incident an id now stands for: itself, or, when an operator merged it while detection looked,
 * the one it was merged into (followed and locked in turn, a few hops at most). Without following, an alert
 * found next to a just-merged incident would join none.
 */
export async function lockFollowingMerges(q: Queryable, incidentId: string): Promise<{ id: string; status: IncidentStatus } | null> {
  let id = incidentId;
  for (let hop = 0; hop < 8; hop++) {
    const r = await q.query<{ status: IncidentStatus; merged_into: string | null }>(
      '/* lock_incident_following_merges */ select status, merged_into from incidents where id = $1::uuid for no key update',
      [id],
    );
    const row = r.rows[0];
    if (!row) return null;
    if (row.status !== 'MERGED' || row.merged_into === null) return { id, status: row.status };
    id = row.merged_into;
  }
  return null;
}

/** True when the alert is farther than the radius from every other alert of its incident (it moved away). */
export async function isAwayFromOtherMembers(q: Queryable, alertId: string, incidentId: string, radiusM: number): Promise<boolean> {
  const r = await q.query<{ away: boolean }>(
    `/* is_away_from_other_members */ select not exists (
       select 1 from alerts a, incident_alerts o join alerts b on b.id = o.alert_id
       where a.id = $1::uuid and o.incident_id = $2::uuid and o.alert_id <> $1::uuid
         and ST_DWithin(b.location, a.location, $3::float8)) as away`,
    [alertId, incidentId, radiusM],
  );
  return r.rows[0]!.away;
}

/**
 * One walk outwards from `alertId` (open, in no incident) through chains of near pairs, answering both what
 * detection needs: the open alerts in no incident it reaches (the alert included, each with its person, in
 * the order they were raised) and the oldest live incident with an open alert near any of them (an alert
 * bridging two joins the older). Each step is one index probe per alert reached; an alert already in an
 * incident is noted with its incident and not walked through. One statement and one probe per alert, where
 * the cluster and the nearest incident were two of each: a third to a half of detection's database time at
 * 100 alerts/s (docs/BENCHMARKS.md, after the raid point).
 */
export async function clusterAndNearestIncident(
  q: Queryable,
  alertId: string,
  n: Nearness,
): Promise<{ cluster: Array<{ id: string; person_id: string }>; near: string | null }> {
  const r = await q.query<{ cluster: Array<{ id: string; person_id: string }> | null; near: string | null }>(
    `/* cluster_and_nearest_incident */ with recursive walk(id, incident_id) as (
       select $1::uuid, null::uuid
       union
       select b.id, ia.incident_id from walk c join alerts a on a.id = c.id
       join alerts b on ${NEAR('a', 'b')}
       left join incident_alerts ia on ia.alert_id = b.id
       where c.incident_id is null
     )
     select (select json_agg(json_build_object('id', a.id, 'person_id', a.person_id) order by a.created_at, a.id)
             from walk w join alerts a on a.id = w.id where w.incident_id is null) as cluster,
            (select i.id from walk w join incidents i on i.id = w.incident_id
             where i.status = any($4::text[]) order by i.started_at, i.id limit 1) as near`,
    [alertId, n.radiusM, n.windowMin, [...LIVE_STATUSES]],
  );
  return { cluster: r.rows[0]?.cluster ?? [], near: r.rows[0]?.near ?? null };
}

/** A new DETECTED incident of these alerts, with them in it (owner, shape and counts: the refresh that follows). */
export async function insertIncident(q: Queryable, alertIds: readonly string[]): Promise<{ id: string; members: string[] }> {
  const r = await q.query<{ id: string; members: string[] }>(
    `/* insert_incident */ with members as (select * from alerts where id = any($1::uuid[])),
     created as (
       insert into incidents (consulate_id, started_at, center, hull)
       select (array_agg(consulate_id order by created_at))[1], min(created_at),
              ST_Centroid(ST_Collect(location::geometry))::geography, ${HULL('location')}
       from members
       returning id),
     joined as (
       insert into incident_alerts (incident_id, alert_id) select c.id, m.id from created c, members m
       on conflict (alert_id) do nothing returning alert_id)
     select (select id from created) as id, coalesce((select array_agg(alert_id) from joined), '{}') as members`,
    [alertIds, HULL_BUFFER_M],
  );
  return r.rows[0]!;
}

/** Adds alerts to an incident; answers those added (an alert already in one is left where it is). */
export async function addMembers(q: Queryable, incidentId: string, alertIds: readonly string[]): Promise<string[]> {
  const r = await q.query<{ alert_id: string }>(
    `/* add_members */ insert into incident_alerts (incident_id, alert_id) select $1::uuid, unnest($2::uuid[])
     on conflict (alert_id) do nothing returning alert_id`,
    [incidentId, alertIds],
  );
  return r.rows.map((x) => x.alert_id);
}

export async function removeMember(q: Queryable, incidentId: string, alertId: string): Promise<void> {
  await q.query('/* remove_member */ delete from incident_alerts where incident_id = $1::uuid and alert_id = $2::uuid', [incidentId, alertId]);
}

/** Metres around the convex hull of the alerts' points, so that one or two points still give an area. */
export const HULL_BUFFER_M = 150;
const HULL = (col: string) => `ST_Buffer(ST_ConvexHull(ST_Collect(${col}::geometry))::geography, $2::float8)`;

/** What the incident's owner, counts and severity are decided from (domain/incidents/rules.ts). */
export interface IncidentFacts {
  status: IncidentStatus;
  /** The owner as it stands (before this refresh). */
  owner: string;
  consulates: string[];
  shares: Array<{ consulate_id: string; alerts: number; first_at: string | Date }>;
  alerts: number;
  open_alerts: number;
  people: number;
  detained: boolean;
  raid_nearby: boolean;
}

export async function incidentFacts(q: Queryable, incidentId: string): Promise<IncidentFacts> {
  const r = await q.query<IncidentFacts>(
    `/* incident_facts */ with m as (select a.* from incident_alerts ia join alerts a on a.id = ia.alert_id where ia.incident_id = $1::uuid)
     select (select status from incidents where id = $1::uuid) as status,
            (select consulate_id from incidents where id = $1::uuid) as owner,
            array(select consulate_id from incident_consulates where incident_id = $1::uuid) as consulates,
            coalesce((select json_agg(s) from (select consulate_id, count(*)::int as alerts, min(created_at) as first_at
                                             from m group by consulate_id) s), '[]') as shares,
            (select count(*)::int from m) as alerts,
            (select count(*)::int from m where closed_at is null) as open_alerts,
            (select count(distinct person_id)::int from m) as people,
            coalesce((select bool_or(kind = 'DETAINED') from m), false) as detained,
            coalesce((select bool_or(kind = 'RAID_NEARBY') from m), false) as raid_nearby`,
    [incidentId],
  );
  return r.rows[0]!;
}

/** Writes what the refresh decided, the shape from the members' points as they are now, and the consulates. */
export async function writeIncidentState(
  q: Queryable,
  incidentId: string,
  s: { owner: string; consulates: string[]; severity: string; alerts: number; openAlerts: number; close: boolean; consulatesChanged: boolean },
): Promise<void> {
  await q.query(
    `/* write_incident_state */ with m as (select a.location from incident_alerts ia join alerts a on a.id = ia.alert_id where ia.incident_id = $1::uuid),
     shape as (select ST_Centroid(ST_Collect(location::geometry))::geography as center, ${HULL('location')} as hull from m having count(*) > 0)
     update incidents i set consulate_id = $3, severity = $4, alert_count = $5, open_alert_count = $6,
            status = case when $7::boolean then 'CLOSED' else i.status end,
            closed_at = case when $7::boolean then now() else i.closed_at end,
            center = coalesce((select center from shape), i.center), hull = coalesce((select hull from shape), i.hull),
            updated_at = now()
     where i.id = $1::uuid`,
    [incidentId, HULL_BUFFER_M, s.owner, s.severity, s.alerts, s.openAlerts, s.close],
  );
  // Most refreshes (an alert joining where the incident already has alerts of its consulate) change no consulate.
  if (!s.consulatesChanged) return;
  await q.query(
    `/* write_incident_state_2 */ with gone as (delete from incident_consulates where incident_id = $1::uuid and consulate_id <> all($2::text[]))
     insert into incident_consulates (incident_id, consulate_id) select $1::uuid, unnest($2::text[]) on conflict do nothing`,
    [incidentId, s.consulates],
  );
}
