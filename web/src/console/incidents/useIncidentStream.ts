import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { useClient } from 'urql';
import type { ConnectionStatus, ResumeContext } from '../../graphql/client';
import { AllIncidentEventsSubscription, IncidentEventsCursorQuery, IncidentEventsSubscription, IncidentsQuery } from './documents';
import { emptyIncidentState, foldIncidents, type IncidentSnapshot, type IncidentState } from './fold';

export interface IncidentStream {
  state: IncidentState;
  /** A command's answer (the incident as it is now), folded like an event. */
  apply(snapshot: IncidentSnapshot): void;
}

const reducer = (s: IncidentState, snapshots: readonly IncidentSnapshot[]) => foldIncidents(s, snapshots);

/**
 * The live incidents of the console's consulate: the newest event's cursor is read, the `incidentEvents`
 * stream opened after it (events since are replayed), then the list read, so an incident formed at any
 * moment of the load arrives as an event either way; snapshots are folded newest-wins (fold.ts), so the
 * order they arrive in does not matter. The cursor of the last event is read by the transport on every
 * (re)subscribe, so a dropped connection resumes where it left off (as useAlertStream does); the list is
 * read again on reconnect for incidents that ended while away. A supervisor watching every consulate gets every incident's events (`consulateId` omitted).
 */
export function useIncidentStream(consulateId: string | null, connection: ConnectionStatus): IncidentStream {
  const client = useClient();
  const [state, dispatch] = useReducer(reducer, emptyIncidentState);
  const cursor = useRef<string | null>(null);
  const context = useMemo<ResumeContext>(() => ({ resumeAfter: () => cursor.current }), []);
  const connected = connection === 'connected';

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    const load = () =>
      void client
        .query(IncidentsQuery, { consulateId }, { requestPolicy: 'network-only' })
        .toPromise()
        .then((r) => !cancelled && r.data && dispatch(r.data.incidents));
    let sub: { unsubscribe(): void } | null = null;
    const onEvent = (e: { cursor: string; incident: IncidentSnapshot } | undefined) => {
      if (!e) return;
      cursor.current = e.cursor;
      dispatch([e.incident]);
    };
    const listen = () => {
      sub = consulateId
        ? client.subscription(IncidentEventsSubscription, { consulateId, after: cursor.current }, context).subscribe((r) => onEvent(r.data?.incidentEvents))
        : client.subscription(AllIncidentEventsSubscription, { after: cursor.current }, context).subscribe((r) => onEvent(r.data?.incidentEvents));
      load();
    };
    if (cursor.current) listen();
    else
      void client
        .query(IncidentEventsCursorQuery, {}, { requestPolicy: 'network-only' })
        .toPromise()
        .then((r) => {
          if (cancelled) return;
          // Without a cursor (the read failed) the stream starts live: as before, a change in that instant
          // is shown at the incident's next event.
          cursor.current ??= r.data?.incidentEventsCursor ?? null;
          listen();
        });
    return () => {
      cancelled = true;
      sub?.unsubscribe();
    };
  }, [client, consulateId, connected, context]);

  const apply = useCallback((s: IncidentSnapshot) => dispatch([s]), []);
  return { state, apply };
}
