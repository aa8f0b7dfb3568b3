import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useClient } from 'urql';
import type { ResumeContext } from '../graphql/client';
import { errorCode } from '../graphql/errors';
import { AlertUpdatesSubscription, PersonAlertQuery } from './documents';
import { emptySteps, foldStep, isClosedStatus, loadSteps, type StepEvent, type StepsState } from './steps';
import type { PersonStore } from './store';

type Action = { type: 'loaded'; state: StepsState } | { type: 'event'; event: StepEvent };

function reducer(state: StepsState, action: Action): StepsState {
  if (action.type === 'event') return foldStep(state, action.event);
  // Keep steps already shown from the stream if the timeline arrives later (it never should, but a
  // slow read must not wipe them).
  return action.state.steps.length >= state.steps.length ? action.state : state;
}

export interface AlertUpdates {
  state: StepsState;
  /** The alert is not (or no longer) visible to this person, e.g. after its data was purged. */
  gone: boolean;
  error: string | null;
}

/**
 * The person's alert: its timeline read once (`alert(id) { status events }`), then `alertUpdates`
 * after the last cursor. The cursor is saved on every step, and a reconnect resumes after it (the
 * transport reads it afresh on each resubscribe), so nothing is missed and nothing shows twice.
 * Stops once the alert is closed.
 */
export function useAlertUpdates(alertId: string, initialCursor: string | null, language: string, store: PersonStore, stop: boolean): AlertUpdates {
  const client = useClient();
  const [state, dispatch] = useReducer(reducer, emptySteps);
  const [gone, setGone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cursor = useRef<string | null>(initialCursor);
  const context = useMemo<ResumeContext>(() => ({ resumeAfter: () => cursor.current }), []);

  useEffect(() => {
    if (stop) return;
    let cancelled = false;
    let unsubscribe: (() => void) | null = null;
    const advance = (c: string | null) => {
      if (c === null) return;
      cursor.current = c;
      store.setCursor(alertId, c);
    };

    void (async () => {
      const q = await client.query(PersonAlertQuery, { id: alertId, language }, { requestPolicy: 'network-only' }).toPromise();
      if (cancelled) return;
      const a = q.data?.alert;
      if (a) {
        const loaded = loadSteps(a.status, a.events);
        dispatch({ type: 'loaded', state: loaded });
        advance(loaded.cursor);
        if (isClosedStatus(a.status)) return;
      } else if (q.data && a === null) {
        setGone(true);
        return;
      }
      // Offline at start: the stream still resumes after the cursor saved before the reload.
      const sub = client.subscription(AlertUpdatesSubscription, { alertId, after: cursor.current, language }, context).subscribe((r) => {
        if (r.error) return setError(errorCode(r.error));
        const e = r.data?.alertUpdates;
        if (!e) return;
        setError(null);
        advance(e.cursor);
        dispatch({ type: 'event', event: e });
      });
      unsubscribe = () => sub.unsubscribe();
    })();

    return () => {
      cancelled = true;
      unsubscribe?.();
    };
  }, [client, alertId, language, store, context, stop]);

  return { state, gone, error };
}
