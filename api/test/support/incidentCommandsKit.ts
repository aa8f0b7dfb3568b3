import type { Queryable } from '../../src/db/types.js';
import { recomputeIncident } from '../../src/sql/incidentRecompute.js';

/**
 * An incident made directly in the database from given alerts (status as given), as detection would leave
 * it: the command tests do not wait for detection, and an alert detection already gathered is taken over
 * (an alert is in at most one incident).
 */
export async function makeIncident(q: Queryable, consulateId: string, alertIds: string[], status = 'DETECTED'): Promise<string> {
  const r = await q.query<{ id: string }>(
    `insert into incidents (consulate_id, status, center, hull)
     select $1, $2, a.location, ST_Buffer(a.location, 100) from alerts a where a.id = $3::uuid returning id`,
    [consulateId, status, alertIds[0]],
  );
  const id = r.rows[0]!.id;
  await q.query(
    `insert into incident_alerts (incident_id, alert_id) select $1::uuid, x from unnest($2::uuid[]) as x
     on conflict (alert_id) do update set incident_id = excluded.incident_id`,
    [id, alertIds],
  );
  await recomputeIncident(q, id);
  return id;
}

/** An alert joining an incident as detection records it: its row and an ALERT_JOINED event. */
export async function joinIncident(q: Queryable, incidentId: string, alertId: string): Promise<void> {
  await q.query(
    `insert into incident_alerts (incident_id, alert_id) values ($1::uuid, $2::uuid)
     on conflict (alert_id) do update set incident_id = excluded.incident_id`,
    [incidentId, alertId],
  );
  await q.query(
    `insert into incident_events (incident_id, consulate_id, audience, type, actor_kind, data)
     select id, consulate_id, array[consulate_id], 'ALERT_JOINED', 'SYSTEM', jsonb_build_object('alertId', $2::text) from incidents where id = $1::uuid`,
    [incidentId, alertId],
  );
}

export const INCIDENT_Q = {
  confirm: 'mutation($id: ID!) { confirmIncident(id: $id) { id status } }',
  dismiss: 'mutation($id: ID!, $reason: String) { dismissIncident(id: $id, reason: $reason) { id status } }',
  merge: 'mutation($into: ID!, $from: [ID!]!) { mergeIncidents(into: $into, from: $from) { id status } }',
  split: 'mutation($id: ID!, $alertIds: [ID!]!) { splitIncident(id: $id, alertIds: $alertIds) { id status } }',
  lead: 'mutation($id: ID!, $advisorId: ID) { setIncidentLead(id: $id, advisorId: $advisorId) { id status } }',
  team: 'mutation($id: ID!, $advisorIds: [ID!]!) { setIncidentTeam(id: $id, advisorIds: $advisorIds) { id status } }',
  post: 'mutation($id: ID!, $notice: IncidentNotice!) { postIncidentStatus(id: $id, notice: $notice) { id status } }',
};
