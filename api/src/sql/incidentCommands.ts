import type { Queryable } from '../db/types.js';
import type { IncidentState, IncidentStatus } from '../domain/incidents/commands.js';
import type { AdvisorFacts } from '../domain/incidents/commandsTeam.js';
import type { NoticeTarget } from '../domain/incidents/commandsNotice.js';

/*
 * The incident commands' reads and writes (services/incidentCommands*.ts), in the command's transaction.
 * Lock order, the same in every command and in detection's joins: incidents (by id, ascending), then the
 * alerts' incident_alerts rows. A merge locks its target and every source before moving anything, so an
 * alert that detection joins to a source at the same moment either committed first (and moves with the
 * rest) or waits and then finds the source MERGED (and joins the live target): it ends up in exactly one
 * live incident.
 */

/** Locks the incidents (ascending id, so two commands never wait on each other in opposite orders). */
export async function lockIncidents(q: Queryable, ids: readonly string[]): Promise<Map<string, IncidentState & { lead_advisor_id: string | null }>> {
  const r = await q.query<IncidentState & { lead_advisor_id: string | null }>(
    `/* lock_incidents */ select id, consulate_id, status, lead_advisor_id from incidents where id = any($1::uuid[]) order by id for no key update`,
    [ids],
  );
  return new Map(r.rows.map((i) => [i.id, i]));
}

/** The incident's alerts as commands look at them. */
export async function alertsOfIncident(q: Queryable, incidentId: string): Promise<Array<NoticeTarget & { consulate_id: string }>> {
  const r = await q.query<NoticeTarget & { consulate_id: string }>(
    `/* alerts_of_incident */ select a.id, a.status, a.duress, a.consulate_id from incident_alerts ia join alerts a on a.id = ia.alert_id
     where ia.incident_id = $1::uuid order by ia.joined_at, a.id`,
    [incidentId],
  );
  return r.rows;
}

/** The consulates that may act on the incident: its owner and every consulate with alerts in it. */
export async function consulatesOfIncident(q: Queryable, incidentId: string): Promise<Set<string>> {
  const r = await q.query<{ c: string }>(
    `/* consulates_of_incident */ select consulate_id as c from incidents where id = $1::uuid
     union select consulate_id from incident_consulates where incident_id = $1::uuid
     union select a.consulate_id from incident_alerts ia join alerts a on a.id = ia.alert_id where ia.incident_id = $1::uuid`,
    [incidentId],
  );
  return new Set(r.rows.map((x) => x.c));
}

/** Advisors by id, in the order asked (null where none). */
export async function advisorsFacts(q: Queryable, ids: readonly string[]): Promise<Array<AdvisorFacts | null>> {
  const r = await q.query<AdvisorFacts>('/* advisors_facts */ select id, consulate_id, active from advisors where id = any($1::uuid[])', [ids]);
  const byId = new Map(r.rows.map((a) => [a.id, a]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function setIncidentStatus(q: Queryable, id: string, status: IncidentStatus, mergedInto: string | null = null): Promise<void> {
  await q.query(
    `/* set_incident_status */ update incidents set status = $2, merged_into = coalesce($3::uuid, merged_into), updated_at = now(),
            closed_at = case when $2 in ('DISMISSED', 'MERGED') then coalesce(closed_at, now()) else closed_at end
     where id = $1::uuid`,
    [id, status, mergedInto],
  );
}

/** Merge: every alert and team member of `from` move to `into`; `into` keeps its lead, else takes the first source's. */
export async function moveIncidentsInto(q: Queryable, into: string, from: readonly string[]): Promise<number> {
  const moved = await q.query(`/* move_incidents_into */ update incident_alerts set incident_id = $1::uuid where incident_id = any($2::uuid[])`, [into, from]);
  await q.query(
    `/* move_incidents_into_2 */ insert into incident_team (incident_id, advisor_id)
     select $1::uuid, advisor_id from incident_team where incident_id = any($2::uuid[]) on conflict do nothing`,
    [into, from],
  );
  await q.query(
    `/* move_incidents_into_3 */ update incidents set lead_advisor_id = coalesce(lead_advisor_id,
       (select lead_advisor_id from incidents f where f.id = any($2::uuid[]) and f.lead_advisor_id is not null order by array_position($2::uuid[], f.id) limit 1))
     where id = $1::uuid`,
    [into, from],
  );
  return moved.rowCount;
}

/** Split: a new incident of `status` (its place recomputed after), and the alerts moved into it. */
export async function splitOff(q: Queryable, from: string, status: IncidentStatus, alertIds: readonly string[]): Promise<string> {
  const r = await q.query<{ id: string }>(
    `/* split_off */ insert into incidents (consulate_id, status, started_at, center, hull)
     select consulate_id, $2, now(), center, hull from incidents where id = $1::uuid returning id`,
    [from, status],
  );
  const id = r.rows[0]!.id;
  await q.query(`/* split_off_2 */ update incident_alerts set incident_id = $1::uuid where incident_id = $2::uuid and alert_id = any($3::uuid[])`, [id, from, alertIds]);
  return id;
}

export async function setLead(q: Queryable, id: string, advisorId: string | null): Promise<void> {
  await q.query('/* set_lead */ update incidents set lead_advisor_id = $2::uuid, updated_at = now() where id = $1::uuid', [id, advisorId]);
}

/** The team becomes exactly `advisorIds`. */
export async function setTeam(q: Queryable, id: string, advisorIds: readonly string[]): Promise<void> {
  await q.query('/* set_team */ delete from incident_team where incident_id = $1::uuid and advisor_id <> all($2::uuid[])', [id, advisorIds]);
  await q.query(
    `/* set_team_2 */ insert into incident_team (incident_id, advisor_id) select $1::uuid, x from unnest($2::uuid[]) as x on conflict do nothing`,
    [id, advisorIds],
  );
  await q.query('/* set_team_3 */ update incidents set updated_at = now() where id = $1::uuid', [id]);
}

/**
 * Team-first offers of one incident, one at a time (services/incidentTeamOffers.ts): the lock of the
 * CONFIRMED incident with a team that the alert is in, held to the commit. False: the alert is in no such incident.
 */
export async function lockTeamOffersOf(q: Queryable, alertId: string): Promise<boolean> {
  const r = await q.query(
    `/* lock_team_offers_of */ select pg_advisory_xact_lock(${TEAM_OFFER_LOCK}, hashtext(i.id::text))
     from incident_alerts ia join incidents i on i.id = ia.incident_id
     where ia.alert_id = $1::uuid and i.status = 'CONFIRMED' and exists (select 1 from incident_team t where t.incident_id = i.id)`,
    [alertId],
  );
  return r.rowCount > 0;
}
const TEAM_OFFER_LOCK = 7261020;

/**
 * Claims the next ALERT_JOINED events (after the cursor, up to `limit` events of any type) and moves the
 * cursor past them, in one transaction: each event is handled by one process at most. Answers the alerts
 * that joined an incident that is CONFIRMED with a team now.
 */
export async function claimJoins(q: Queryable, limit: number): Promise<string[] | null> {
  const c = await q.query<{ last_id: string }>('/* claim_joins */ select last_id::text as last_id from incident_team_offer_cursor for update skip locked');
  if (!c.rows[0]) return null;
  const r = await q.query<{ id: string; alert_id: string | null }>(
    `/* claim_joins_2 */ with w as (select id, incident_id, type, data from incident_events where id > $1::bigint order by id limit $2)
     select w.id::text as id,
            case when w.type = 'ALERT_JOINED' and exists (
                   select 1 from incidents i where i.id = w.incident_id and i.status = 'CONFIRMED'
                   and exists (select 1 from incident_team t where t.incident_id = i.id))
                 then w.data->>'alertId' end as alert_id
     from w order by w.id`,
    [c.rows[0].last_id, limit],
  );
  if (r.rows.length === 0) return [];
  await q.query('/* claim_joins_3 */ update incident_team_offer_cursor set last_id = $1::bigint', [r.rows[r.rows.length - 1]!.id]);
  return r.rows.flatMap((x) => (x.alert_id ? [x.alert_id] : []));
}

/** Whether the advisor is on the team of the incident the alert is in. */
export async function onTeamOfAlert(q: Queryable, alertId: string, advisorId: string): Promise<boolean> {
  const r = await q.query(
    `/* on_team_of_alert */ select 1 from incident_alerts ia join incident_team t on t.incident_id = ia.incident_id where ia.alert_id = $1::uuid and t.advisor_id = $2::uuid`,
    [alertId, advisorId],
  );
  return r.rowCount > 0;
}
