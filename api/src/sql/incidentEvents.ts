import type { Queryable } from '../db/types.js';
import type { IncidentActorKind, IncidentEventRow, IncidentRow } from './incidentRows.js';
import { INCIDENT_COLUMNS, reviveIncident } from './incidents.js';

export const INCIDENT_EVENTS_CHANNEL = 'incident_events';
/**
 * Serialises incident event writers, as EVENT_WRITER_LOCK does alert events' (sql/events.ts): held from
 * before the insert until commit, so id order is commit order and a reader of `id > cursor` never skips
 * one that commits late. A lock of its own: incident writers never wait for alert writers, nor these for those.
 * Append last in a transaction (every writer: detection's batch, raid-command's commands).
 */
const INCIDENT_EVENT_WRITER_LOCK = 7261014;

export interface NewIncidentEvent {
  incidentId: string;
  /** The owner when it happened. */
  consulateId: string;
  /** Every consulate that may see it (at least the owner). */
  audience: readonly string[];
  type: IncidentEventRow['type'];
  actorKind: IncidentActorKind;
  actorId: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

/** Appends events in order (taking the writer lock) and wakes every API process; returns their ids. */
export async function appendIncidentEvents(q: Queryable, events: readonly NewIncidentEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => ({
    i: e.incidentId, c: e.consulateId, au: [...new Set([e.consulateId, ...e.audience])], ty: e.type,
    ak: e.actorKind, ai: e.actorId, n: e.note ?? null, d: e.data ?? {},
  }));
  const r = await q.query<{ ids: Array<string | number> }>(
    `/* append_incident_events */ with writer_lock as materialized (select pg_advisory_xact_lock($2::bigint)),
     inserted as (
       insert into incident_events (incident_id, consulate_id, audience, type, actor_kind, actor_id, note, data)
       select (e->>'i')::uuid, e->>'c', array(select json_array_elements_text(e->'au')), e->>'ty', e->>'ak', e->>'ai', e->>'n', (e->'d')::jsonb
       from writer_lock, json_array_elements($1::json) with ordinality as t(e, ord)
       order by ord
       returning id)
     select array_agg(id order by id) as ids, pg_notify($3, max(id)::text) from inserted`,
    [JSON.stringify(rows), INCIDENT_EVENT_WRITER_LOCK, INCIDENT_EVENTS_CHANNEL],
  );
  return r.rows[0]!.ids.map(Number);
}

const EVENT_WITH_INCIDENT = `select e.id, e.incident_id, e.consulate_id, e.audience, e.type, e.actor_kind, e.actor_id, e.note, e.at, e.data,
            (select row_to_json(x) from (select ${INCIDENT_COLUMNS} from incidents i where i.id = e.incident_id) x) as incident
     from incident_events e`;

/** Events after a cursor that `consulateId` may see (null: all), oldest first, each with its incident as now. */
export async function incidentEventsAfter(q: Queryable, afterId: number, consulateId: string | null, limit = 500): Promise<IncidentEventRow[]> {
  const r = await q.query<IncidentEventRow>(
    `/* incident_events_after */ ${EVENT_WITH_INCIDENT}
     where e.id > $1::bigint and ($2::text is null or e.audience @> array[$2::text])
     order by e.id
     limit $3`,
    [afterId, consulateId, limit],
  );
  return r.rows.map(reviveIncidentEvent);
}

/** How many events the incident hub reads at a time. */
export const INCIDENT_HUB_PAGE = 500;

/**
 * Every event after a cursor: the incident hub's read, once per detection pass that wrote events. Prepared
 * once per connection (the hub's own, on generic plans: `Db.separate`), as the alert hub's read is: planned
 * at each call it took longer to plan than to run (0.41 against 0.35 ms, pg_stat_statements at 100 alerts/s).
 */
export async function allIncidentEventsAfter(q: Queryable, afterId: number): Promise<IncidentEventRow[]> {
  const r = await q.query<IncidentEventRow>(
    `/* all_incident_events_after */ ${EVENT_WITH_INCIDENT} where e.id > $1::bigint order by e.id limit $2`,
    [afterId, INCIDENT_HUB_PAGE],
    { name: 'all_incident_events_after' },
  );
  return r.rows.map(reviveIncidentEvent);
}

/** The newest incident event's id (0: none yet): the hub's start and `incidentEventsCursor`. Ids are drawn under the writer lock, in commit order. */
export async function lastIncidentEventId(q: Queryable): Promise<number> {
  const r = await q.query<{ id: string | null }>('/* last_incident_event_id */ select max(id) as id from incident_events');
  return Number(r.rows[0]?.id ?? 0);
}

/** The events of one incident, oldest first (tests, the console's history). */
export async function eventsOfIncident(q: Queryable, incidentId: string): Promise<IncidentEventRow[]> {
  const r = await q.query<IncidentEventRow>(`/* events_of_incident */ ${EVENT_WITH_INCIDENT} where e.incident_id = $1::uuid order by e.id`, [incidentId]);
  return r.rows.map(reviveIncidentEvent);
}

function reviveIncidentEvent(e: IncidentEventRow): IncidentEventRow {
  return { ...e, id: Number(e.id), at: new Date(e.at), incident: reviveIncident(e.incident as IncidentRow) };
}
