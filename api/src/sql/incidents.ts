import type { Queryable } from '../db/types.js';
import type { IncidentRow } from './incidentRows.js';

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

/** An incident's alerts as ids and consulates, oldest first: who may see which needs no more of them. */
export async function membersOfIncident(q: Queryable, incidentId: string): Promise<Array<{ id: string; consulate_id: string }>> {
  const r = await q.query<{ id: string; consulate_id: string }>(
    `/* members_of_incident */ select a.id, a.consulate_id from incident_alerts ia join alerts a on a.id = ia.alert_id where ia.incident_id = $1::uuid order by a.created_at, a.id`,
    [incidentId],
  );
  return r.rows;
}

/** The advisor ids of an incident's team. */
export async function teamOfIncident(q: Queryable, incidentId: string): Promise<string[]> {
  const r = await q.query<{ id: string }>('/* team_of_incident */ select advisor_id as id from incident_team where incident_id = $1::uuid order by advisor_id', [incidentId]);
  return r.rows.map((x) => x.id);
}

/** Timestamps come back as strings from JSON (events carry the incident as `row_to_json`). */
export function reviveIncident(x: IncidentRow): IncidentRow {
  return {
    ...x,
    started_at: new Date(x.started_at),
    updated_at: new Date(x.updated_at),
    closed_at: x.closed_at ? new Date(x.closed_at) : null,
  };
}
