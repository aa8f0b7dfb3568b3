import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { AlertEventsSubscription, EventsCursorQuery, OpenAlertsQuery } from './documents';
import { alertReducer, emptyAlertState, type AlertAction, type AlertEvent, type AlertState } from './fold';
import type { ResumeContext } from '../graphql/client';

export interface AlertStream {
  state: AlertState;
  /** True once the open alerts are loaded (the queue is complete, not just "what arrived so far"). */
  loaded: boolean;
  /** Set when the load or the subscription failed; `retry()` starts again from the last cursor. */
  error: CombinedError | null;
  retry(): void;
}

/**
 * Loads the open alerts, then subscribes to the caller's alert events and folds them into state.
 *
 * Without a gap: `eventsCursor` is read first, then `alerts(openOnly: true)`, then the stream starts
 * `after` that cursor. Anything that happened during the load is replayed by the server, and replaying
 * it is harmless because each event carries the whole, current alert (see fold.ts).
 *
 * The cursor of the last applied event is kept in a ref that the transport reads on every
 * (re)subscribe, so a dropped connection or a manual retry resumes exactly where we left off.
 */
export function useAlertStream(onEvent?: (before: AlertState, event: AlertEvent) => void): AlertStream {
  const client = useClient();
  // The fold runs here, not in a reducer: `onEvent` (the console's cues) must see the state right before
  // each event, even when React batches several events into one render.
  const folded = useRef<AlertState>(emptyAlertState);
  const [state, setState] = useState<AlertState>(emptyAlertState);
  const listener = useRef(onEvent);
  useEffect(() => {
    listener.current = onEvent;
  });
  const dispatch = useCallback((action: AlertAction) => {
    const before = folded.current;
    const after = alertReducer(before, action);
    if (after === before) return;
    folded.current = after;
    setState(after);
    if (action.type === 'event') listener.current?.(before, action.event);
  }, []);
  const [error, setError] = useState<CombinedError | null>(null);
  const [attempt, setAttempt] = useState(0);
  // Written only when the load finishes or an event arrives (never during render).
  const cursor = useRef<string | null>(null);
  const context = useMemo<ResumeContext>(() => ({ resumeAfter: () => cursor.current }), []);

  useEffect(() => {
    let cancelled = false;
    let unsubscribe: (() => void) | null = null;
    setError(null);

    const subscribe = () => {
      const sub = client.subscription(AlertEventsSubscription, { after: cursor.current }, context).subscribe((result) => {
        if (result.error) {
          setError(result.error);
          return;
        }
        const event: AlertEvent | undefined = result.data?.alertEvents;
        if (!event) return;
        cursor.current = event.cursor;
        dispatch({ type: 'event', event });
      });
      unsubscribe = () => sub.unsubscribe();
    };

    const load = async () => {
      // Once loaded, a retry only resumes the stream: the cursor already covers everything before it.
      if (cursor.current === null) {
        const c = await client.query(EventsCursorQuery, {}, { requestPolicy: 'network-only' }).toPromise();
        if (cancelled) return;
        if (c.error || !c.data) return setError(c.error ?? null);
        const a = await client.query(OpenAlertsQuery, { consistentWith: c.data.eventsCursor }, { requestPolicy: 'network-only' }).toPromise();
        if (cancelled) return;
        if (a.error || !a.data) return setError(a.error ?? null);
        cursor.current = c.data.eventsCursor;
        dispatch({ type: 'loaded', alerts: a.data.alerts, cursor: c.data.eventsCursor });
      }
      subscribe();
    };
    void load();

    return () => {
      cancelled = true;
      unsubscribe?.();
    };
  }, [client, context, attempt, dispatch]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, loaded: state.cursor !== null, error, retry };
}
