import type { Db, Queryable } from '../../src/db/types.js';
import { refreshIncident } from '../../src/services/incidents/refresh.js';

/**
 * An incident made directly in the database from given alerts (status as given), as detection would leave
 * it: the command tests do not wait for detection to form one. First waits until detection has looked at
 * the alerts' events (so it does not act on them at the same time), then takes over any alert it gathered
 * (an alert is in at most one incident), in one transaction, refreshed as detection refreshes.
 */
export async function makeIncident(db: Db, consulateId: string, alertIds: string[], status = 'DETECTED'): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (!(await detectionPast(db, alertIds))) {
    if (Date.now() > deadline) throw new Error('detection did not catch up within 15 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  return db.tx(async (q) => {
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
    await refreshIncident(q, id);
    return id;
  });
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

/**
 * Settings for the command tests' servers: detection on, as in production, but forming no incident of its
 * own (the tests make theirs) and joining or letting go only within 500 m, so incidents a few km apart
 * never meet.
 */
export const QUIET_DETECTION = { radiusM: 500, windowMin: 45, minAlerts: 1000 };

/** Whether detection's cursor has passed every event of these alerts (it will not look at them again unasked). */
export async function detectionPast(q: Queryable, alertIds: readonly string[]): Promise<boolean> {
  const r = await q.query<{ done: boolean }>(
    `select last_seq >= coalesce((select max(seq) from alert_events where alert_id = any($1::uuid[])), 0) as done from incident_detection_cursor`,
    [alertIds],
  );
  return r.rows[0]!.done;
}
