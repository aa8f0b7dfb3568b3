import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { AlertEventsSubscription } from './documents';
import { emptyAlertState, foldAlertEvent, type AlertEvent, type AlertState } from './fold';
import type { ResumeContext } from '../graphql/client';

export interface AlertStream {
  state: AlertState;
  /** Set when the subscription ended with an error; `retry()` starts it again from the last cursor. */
  error: CombinedError | null;
  retry(): void;
}

/**
 * Subscribes to the caller's alert events and folds them into state. The cursor of the last applied
 * event is kept in a ref that the transport reads on every (re)subscribe, so a dropped connection or
 * a manual retry resumes exactly where we left off instead of starting over "live only".
 */
export function useAlertStream(): AlertStream {
  const client = useClient();
  const [state, dispatch] = useReducer(foldAlertEvent, emptyAlertState);
  const [error, setError] = useState<CombinedError | null>(null);
  const [attempt, setAttempt] = useState(0);
  // Written only when an event arrives (never during render), so it cannot lag behind the stream.
  const cursor = useRef<string | null>(null);
  const context = useMemo<ResumeContext>(() => ({ resumeAfter: () => cursor.current }), []);

  useEffect(() => {
    setError(null);
    const sub = client.subscription(AlertEventsSubscription, { after: cursor.current }, context).subscribe((result) => {
      if (result.error) {
        setError(result.error);
        return;
      }
      const event: AlertEvent | undefined = result.data?.alertEvents;
      if (!event) return;
      cursor.current = event.cursor;
      dispatch(event);
    });
    return () => sub.unsubscribe();
  }, [client, context, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, error, retry };
}
