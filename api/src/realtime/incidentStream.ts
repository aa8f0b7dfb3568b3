import type { Db, Queryable } from '../db/types.js';
import { EventHub, type HubSource } from './hub.js';
import { cursorStream, REPLAY_PAGE } from './stream.js';
import {
  INCIDENT_EVENTS_CHANNEL, INCIDENT_HUB_PAGE, allIncidentEventsAfter, incidentEventsAfter, lastIncidentEventId,
} from '../sql/incidentEvents.js';
import type { IncidentEventRow } from '../sql/incidentRows.js';

/** The incident events as a hub source: the same machinery as alert events (NOTIFY wakes, the table is the truth). */
export const INCIDENT_EVENTS: HubSource<IncidentEventRow> = {
  channel: INCIDENT_EVENTS_CHANNEL,
  page: INCIDENT_HUB_PAGE,
  seqOf: (e) => e.id,
  last: lastIncidentEventId,
  after: allIncidentEventsAfter,
};

export type IncidentHub = EventHub<IncidentEventRow>;

/** One per process, next to the alert event hub. */
export const createIncidentHub = (db: Db): IncidentHub => new EventHub(db, {}, INCIDENT_EVENTS);

/**
 * A consulate's incident events (those whose audience names it: incidents with its alerts when it happened),
 * or every incident's (null: a supervisor's whole network): replayed after `afterId`, then live, with no gap
 * and no duplicate (realtime/stream.ts `cursorStream`).
 */
export function incidentEventStream(db: Queryable, hub: IncidentHub, consulateId: string | null, afterId: number | null, signal?: AbortSignal): AsyncGenerator<IncidentEventRow> {
  return cursorStream(
    hub,
    {
      seqOf: (e) => e.id,
      inScope: (e) => consulateId === null || e.audience.includes(consulateId),
      replay: (after) => incidentEventsAfter(db, after, consulateId, REPLAY_PAGE),
    },
    afterId,
    signal,
  );
}
