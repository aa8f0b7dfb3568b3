import type { Queryable } from '../db/types.js';
import type { IncidentStatus } from '../generated/enums.js';
import { LIVE_STATUSES } from './incidents.js';
import { sqlNumber } from './literal.js';

/**
 * Detection's reads and writes. Every spatial read is `ST_DWithin` on geography between an alert and open
 * alerts, which the partial GiST index `alerts_open_location_gist` (migration 0014) serves: never a scan of
 * all pairs. "Near" is INCIDENT_RADIUS_M apart and created at most INCIDENT_WINDOW_MIN apart.
 */
/**
 * `b` near `a`, with the radius and the window inlined: both are this process's configuration (never a
 * client's value), and a prepared plan made without them walked by a scan of every open alert.
 */
const NEAR = (a: string, b: string, n: Nearness) => `${b}.closed_at is null and ST_DWithin(${b}.location, ${a}.location, ${sqlNumber(n.radiusM)}::float8)
       and ${b}.created_at between ${a}.created_at - make_interval(mins => ${sqlNumber(n.windowMin)}::int) and ${a}.created_at + make_interval(mins => ${sqlNumber(n.windowMin)}::int)`;

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
    { name: 'alert_and_membership' },
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
 * The walk's statement for one radius and window, prepared once per connection under a name that holds both.
 * Each step probes the open alerts' GiST index around each alert reached: the lateral subquery, kept apart by
 * `offset 0`, is planned alone with that alert's point as its parameter, and alone the probe is its cheapest
 * path. Joined as a plain join, the plan rested on the statistics' count of open alerts, which a long history
 * makes stale: after ANALYZE had seen 2 million alerts with none open, it scanned every open alert once per step
 * and filtered (13 ms a walk against 0.4 ms with 6,000 open alerts; docs/BENCHMARKS.md, a year of history), and
 * no ANALYZE came to correct it, 6,000 changed rows being under the 10% of the table that triggers one.
 * Prepared, its planning (as long as its execution, about 0.5 ms, pg_stat_statements at 100 alerts/s) is
 * paid once; with the two numbers in its text, the plan kept is the one made for them (the alert's id, the one
 * parameter, only picks where the walk starts).
 */
const walkStatements = new Map<string, { name: string; text: string }>();
function walkStatement(n: Nearness): { name: string; text: string } {
  const key = `${n.radiusM}_${n.windowMin}`;
  let s = walkStatements.get(key);
  if (!s) {
    s = { name: `walk_and_join_nearest_${key.replace(/\W/g, '_')}`, text: walkText(n) };
    walkStatements.set(key, s);
  }
  return s;
}

const walkText = (n: Nearness) => `/* walk_and_join_nearest */ with recursive walk(id, incident_id) as (
       select $1::uuid, null::uuid
       union
       select b.id, ia.incident_id from walk c join alerts a on a.id = c.id
       cross join lateral (select b.id from alerts b where ${NEAR('a', 'b', n)} offset 0) b
       left join incident_alerts ia on ia.alert_id = b.id
       where c.incident_id is null
     ),
     cluster as (select a.id, a.person_id, a.created_at from walk w join alerts a on a.id = w.id where w.incident_id is null),
     near as (select i.id from walk w join incidents i on i.id = w.incident_id
              where i.status = any($2::text[]) order by i.started_at, i.id limit 1),
     target as (select i.id, i.status, i.merged_into from incidents i where i.id = (select id from near) for no key update),
     joined as (insert into incident_alerts (incident_id, alert_id) select t.id, c.id from target t, cluster c
                where t.status = any($2::text[]) on conflict (alert_id) do nothing returning alert_id)
     select (select json_agg(json_build_object('id', id, 'person_id', person_id) order by created_at, id) from cluster) as cluster,
            (select id from near) as near, (select status from target) as status, (select merged_into from target) as merged_into,
            (select array_agg(alert_id) from joined) as joined`;

/** What one walk from an alert found, and what it did when the nearest incident was live. */
export interface WalkOutcome {
  /** The open alerts in no incident the walk reached, the alert included, each with its person, in the order they were raised. */
  cluster: Array<{ id: string; person_id: string }>;
  /** The oldest live incident (at the walk's snapshot) with an open alert near any of them. */
  near: string | null;
  /** `near` as its row lock found it (a command may have merged or dismissed it meanwhile). */
  target: { status: IncidentStatus; merged_into: string | null } | null;
  /** The cluster's alerts it took into `near` (when still live), in the cluster's order. */
  joined: string[];
}

/**
 * One statement per alert that detection looks at: one walk outwards from `alertId` (open, in no incident)
 * through chains of near pairs; the open alerts in no incident it reaches and the oldest live incident with an
 * open alert near any of them (an alert bridging two joins the older); that incident locked; and, if it is
 * still live, the alerts added to it. Each step of the walk is one index probe per alert reached; an alert
 * already in an incident is noted with its incident and not walked through.
 *
 * Why one statement: walk, lock and insert were three round trips per alert, and on this machine every round
 * trip wakes a backend on the two cores the service shares (docs/BENCHMARKS.md, raid point). The lock is taken
 * after the walk, as before, and reads the row's latest version (READ COMMITTED rechecks a row it waited for), so
 * an incident merged or dismissed meanwhile is seen as such and gets no alert here (`target` says what it became;
 * the caller follows a merge, `lockFollowingMerges`).
 */
export async function walkAndJoinNearest(q: Queryable, alertId: string, n: Nearness): Promise<WalkOutcome> {
  const walk = walkStatement(n);
  const r = await q.query<{
    cluster: WalkOutcome['cluster'] | null; near: string | null; status: IncidentStatus | null; merged_into: string | null; joined: string[] | null;
  }>(walk.text, [alertId, [...LIVE_STATUSES]], { name: walk.name });
  const row = r.rows[0];
  const cluster = row?.cluster ?? [];
  const joined = new Set(row?.joined ?? []);
  return {
    cluster,
    near: row?.near ?? null,
    target: row?.status ? { status: row.status, merged_into: row.merged_into } : null,
    joined: cluster.map((c) => c.id).filter((id) => joined.has(id)),
  };
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

/**
 * The facts of several incidents in one round trip (a detection pass refreshes every incident it touched at
 * its end: during the background's load a dozen per pass, where it was two statements each).
 */
export async function incidentsFacts(q: Queryable, incidentIds: readonly string[]): Promise<Map<string, IncidentFacts>> {
  if (incidentIds.length === 0) return new Map();
  const r = await q.query<IncidentFacts & { id: string }>(
    `/* incidents_facts */ select i.id, i.status, i.consulate_id as owner,
            array(select consulate_id from incident_consulates where incident_id = i.id) as consulates,
            sh.shares, st.alerts, st.open_alerts, st.people, st.detained, st.raid_nearby
     from incidents i
     cross join lateral (
       select count(*)::int as alerts, (count(*) filter (where a.closed_at is null))::int as open_alerts,
              count(distinct a.person_id)::int as people,
              coalesce(bool_or(a.kind = 'DETAINED'), false) as detained, coalesce(bool_or(a.kind = 'RAID_NEARBY'), false) as raid_nearby
       from incident_alerts ia join alerts a on a.id = ia.alert_id where ia.incident_id = i.id) st
     cross join lateral (
       select coalesce(json_agg(s), '[]') as shares from (
         select a.consulate_id, count(*)::int as alerts, min(a.created_at) as first_at
         from incident_alerts ia join alerts a on a.id = ia.alert_id where ia.incident_id = i.id group by a.consulate_id) s) sh
     where i.id = any($1::uuid[])`,
    [incidentIds],
    { name: 'incidents_facts' },
  );
  return new Map(r.rows.map(({ id, ...f }) => [id, f]));
}

/** What a refresh decided for one incident (services/incidents/refresh.ts). */
export interface RefreshedIncident {
  incidentId: string;
  owner: string;
  consulates: string[];
  severity: string;
  alerts: number;
  openAlerts: number;
  close: boolean;
  consulatesChanged: boolean;
}

/**
 * Writes what the refreshes decided, each incident's shape from its members' points as they are now, in one
 * statement for all of them; then, in a second, the consulates of those whose set changed (most refreshes,
 * an alert joining where the incident already has alerts of its consulate, change none).
 *
 * Each shape is an aggregate in a lateral subquery over that incident's members (its rows of incident_alerts by
 * index, their alerts by key). Joined and grouped instead, the plan took the refreshed incidents for the 100 rows
 * a JSON set is assumed to hold, and read every row of incident_alerts (a merge join) or of alerts (a hash
 * join): costs that grow with the history rather than with the incidents refreshed.
 */
export async function writeIncidentStates(q: Queryable, states: readonly RefreshedIncident[]): Promise<void> {
  if (states.length === 0) return;
  await q.query(
    `/* write_incident_states */ with s as (
       select * from json_to_recordset($1::json) as x(id uuid, owner text, severity text, alerts int, open_alerts int, close boolean))
     update incidents i set consulate_id = s.owner, severity = s.severity, alert_count = s.alerts, open_alert_count = s.open_alerts,
            status = case when s.close then 'CLOSED' else i.status end,
            closed_at = case when s.close then now() else i.closed_at end,
            center = coalesce(shape.center, i.center), hull = coalesce(shape.hull, i.hull),
            updated_at = now()
     from s
     cross join lateral (
       select ST_Centroid(ST_Collect(a.location::geometry))::geography as center, ${HULL('a.location')} as hull
       from incident_alerts ia join alerts a on a.id = ia.alert_id where ia.incident_id = s.id) shape
     where i.id = s.id`,
    [JSON.stringify(states.map((x) => ({ id: x.incidentId, owner: x.owner, severity: x.severity, alerts: x.alerts, open_alerts: x.openAlerts, close: x.close }))), HULL_BUFFER_M],
    { name: 'write_incident_states' },
  );
  const changed = states.filter((x) => x.consulatesChanged);
  if (changed.length === 0) return;
  await q.query(
    `/* write_incident_consulates */ with c as (select * from json_to_recordset($1::json) as x(id uuid, consulates text[])),
     gone as (delete from incident_consulates ic using c where ic.incident_id = c.id and ic.consulate_id <> all(c.consulates))
     insert into incident_consulates (incident_id, consulate_id) select c.id, unnest(c.consulates) from c on conflict do nothing`,
    [JSON.stringify(changed.map((x) => ({ id: x.incidentId, consulates: x.consulates })))],
  );
}
