import type { Queryable } from '../db/types.js';
import type { IncidentEventType } from '../generated/enums.js';
import type { IncidentActorKind } from './incidentRows.js';

/**
 * Incident events written by the commands. Like alert_events (sql/events.ts): a transaction-level writer
 * lock taken in the inserting statement and held to the commit, so id order is commit order and a reader
 * polling `id > last` never skips one that commits late; the notification carries the last id only. The
 * audience is the consulates with alerts in the incident when it happens (the owner included).
 * Run it last in the command's transaction, to keep the serialised section short.
 */
export const INCIDENT_EVENTS_CHANNEL = 'incident_events';
const INCIDENT_EVENT_WRITER_LOCK = 7261014;

export interface NewIncidentEvent {
  incidentId: string;
  type: IncidentEventType;
  actorKind: IncidentActorKind;
  actorId: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

export async function appendIncidentEvents(q: Queryable, events: readonly NewIncidentEvent[]): Promise<void> {
  if (events.length === 0) return;
  await q.query(
    `with writer_lock as materialized (select pg_advisory_xact_lock($7::bigint)),
     inserted as (
       insert into incident_events (incident_id, consulate_id, audience, type, actor_kind, actor_id, note, data)
       select t.i, inc.consulate_id,
              array(select inc.consulate_id union select c.consulate_id from incident_consulates c where c.incident_id = t.i),
              t.ty, t.k, t.ai, t.n, t.d
       from writer_lock, unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) with ordinality as t(i, ty, k, ai, n, d, ord)
       join incidents inc on inc.id = t.i
       order by t.ord
       returning id)
     select pg_notify($8, max(id)::text) from inserted`,
    [
      events.map((e) => e.incidentId),
      events.map((e) => e.type),
      events.map((e) => e.actorKind),
      events.map((e) => e.actorId),
      events.map((e) => e.note ?? null),
      events.map((e) => JSON.stringify(e.data ?? {})),
      INCIDENT_EVENT_WRITER_LOCK,
      INCIDENT_EVENTS_CHANNEL,
    ],
  );
}
