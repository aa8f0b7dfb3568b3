import type { Queryable } from '../db/types.js';
import type { IncidentRow } from './incidentRows.js';
import { ADVISOR_COLUMNS } from './roster.js';
import type { AdvisorRow } from './rows.js';

/**
 * An incident as the API reads it, from `incidents i`: the consulates with alerts in it (owner first), the
 * hull as GeoJSON text and the center as lon/lat. Also the incident of each event (sql/incidentEvents.ts).
 */
export const INCIDENT_COLUMNS = `i.id, i.consulate_id,
       array(select ic.consulate_id from incident_consulates ic where ic.incident_id = i.id
             order by ic.consulate_id <> i.consulate_id, ic.consulate_id) as consulate_ids,
       i.status, i.severity, i.started_at, i.updated_at, i.closed_at, i.merged_into, i.lead_advisor_id,
       ST_AsGeoJSON(i.hull, 6) as hull, ST_X(i.center::geometry) as center_lon, ST_Y(i.center::geometry) as center_lat,
       i.alert_count, i.open_alert_count`;

/** The statuses in which an incident takes in new alerts and is listed by default. */
export const LIVE_STATUSES = ['DETECTED', 'CONFIRMED'] as const;

export async function incidentById(q: Queryable, id: string): Promise<IncidentRow | null> {
  const r = await q.query<IncidentRow>(`/* incident_by_id */ select ${INCIDENT_COLUMNS} from incidents i where i.id = $1::uuid`, [id]);
  return r.rows[0] ?? null;
}

/** The incident an alert is in, or null. */
export async function incidentOfAlert(q: Queryable, alertId: string): Promise<IncidentRow | null> {
  const r = await q.query<IncidentRow>(
    `/* incident_of_alert */ select ${INCIDENT_COLUMNS} from incident_alerts ia join incidents i on i.id = ia.incident_id where ia.alert_id = $1::uuid`,
    [alertId],
  );
  return r.rows[0] ?? null;
}

/**
 * Incidents with alerts of `consulateId` (null: all), newest first; live ones only unless `includeClosed`.
 * Bounded: a control room lists at most `limit`.
 */
export async function incidentsOf(q: Queryable, consulateId: string | null, includeClosed: boolean, limit = 500): Promise<IncidentRow[]> {
  const r = await q.query<IncidentRow>(
    `/* incidents_of */ select ${INCIDENT_COLUMNS} from incidents i
     where ($1::text is null or exists (select 1 from incident_consulates ic where ic.incident_id = i.id and ic.consulate_id = $1))
       and ($2::boolean or i.status = any($3::text[]))
     order by i.started_at desc
     limit $4`,
    [consulateId, includeClosed, [...LIVE_STATUSES], limit],
  );
  return r.rows;
}

/** Who is in an incident and who works it, as the console shows them with each event: its alerts (ids and consulates), team and lead. */
export interface IncidentCrew {
  members: Array<{ id: string; consulate_id: string }>;
  team: AdvisorRow[];
  lead: AdvisorRow | null;
}

/**
 * The members, the team's advisors and the lead of several incidents in one round trip, where they were three
 * or four per incident (the members, the team's ids, the team's rows, the lead): the console asks for all of
 * them with every incident event and for every incident of its list. Members oldest first, team by id; in the
 * order asked. `lead` is the row's own, as read with the event.
 */
export async function incidentCrews(q: Queryable, incidents: ReadonlyArray<{ id: string; lead: string | null }>): Promise<IncidentCrew[]> {
  if (incidents.length === 0) return [];
  const r = await q.query<{ members: IncidentCrew['members']; team: AdvisorRow[]; lead: AdvisorRow | null }>(
    `/* incident_crew */ select
       (select coalesce(json_agg(json_build_object('id', a.id, 'consulate_id', a.consulate_id) order by a.created_at, a.id), '[]')
        from incident_alerts ia join alerts a on a.id = ia.alert_id where ia.incident_id = x.id) as members,
       (select coalesce(json_agg(t order by t.id), '[]') from (select ${ADVISOR_COLUMNS} from advisors
        where id in (select advisor_id from incident_team where incident_id = x.id)) t) as team,
       (select row_to_json(l) from (select ${ADVISOR_COLUMNS} from advisors where id = x.lead) l) as lead
     from unnest($1::uuid[], $2::uuid[]) with ordinality as x(id, lead, n)
     order by x.n`,
    [incidents.map((i) => i.id), incidents.map((i) => i.lead)],
    { name: 'incident_crew' },
  );
  return r.rows.map((row) => ({ members: row.members, team: row.team.map(reviveAdvisor), lead: row.lead ? reviveAdvisor(row.lead) : null }));
}

/** JSON carries the position's time as text. */
const reviveAdvisor = (a: AdvisorRow): AdvisorRow => ({ ...a, location_at: a.location_at ? new Date(a.location_at) : null });

/** Timestamps come back as strings from JSON (events carry the incident as `row_to_json`). */
export function reviveIncident(x: IncidentRow): IncidentRow {
  return {
    ...x,
    started_at: new Date(x.started_at),
    updated_at: new Date(x.updated_at),
    closed_at: x.closed_at ? new Date(x.closed_at) : null,
  };
}
