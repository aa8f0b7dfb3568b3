import { useCallback, useEffect, useReducer, useState, type Dispatch } from 'react';
import { useClient } from 'urql';
import { errorCode } from '../graphql/errors';
import { NearbyAlertsSubscription, OfficerAlertQuery } from './documents';
import { emptyNearby, foldNearby, type NearbyAction, type NearbyState } from './fold';
import { loadMine, rememberMine } from './officerSession';

export const NEARBY_RADIUS_KM = 25;

export interface Nearby {
  state: NearbyState;
  dispatch: Dispatch<NearbyAction>;
  /** The stream ended with this code (e.g. FORBIDDEN when the advisor was deactivated). */
  error: string | null;
  retry(): void;
}

/**
 * The `nearbyAlerts` stream folded into state. The stream is live only, so after a reload the alerts
 * this officer holds are read again by id (remembered in localStorage).
 */
export function useNearby(advisorId: string): Nearby {
  const client = useClient();
  const [state, dispatch] = useReducer(foldNearby, emptyNearby);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  // Read once: the list is rewritten below as the state changes.
  const [held] = useState(loadMine);
  const [restoring, setRestoring] = useState(held.length > 0);

  useEffect(() => {
    setError(null);
    const sub = client.subscription(NearbyAlertsSubscription, { radiusKm: NEARBY_RADIUS_KM }).subscribe((r) => {
      if (r.error) return setError(errorCode(r.error));
      const event = r.data?.nearbyAlerts;
      if (event) dispatch({ type: 'event', event });
    });
    return () => sub.unsubscribe();
  }, [client, attempt]);

  useEffect(() => {
    let live = true;
    const reads = held.map((id) =>
      client
        .query(OfficerAlertQuery, { id }, { requestPolicy: 'network-only' })
        .toPromise()
        .then((r) => {
          const a = r.data?.alert;
          if (live && a && a.assignedAdvisor?.id === advisorId) dispatch({ type: 'snapshot', alert: a });
        }),
    );
    void Promise.all(reads).then(() => live && setRestoring(false));
    return () => {
      live = false;
    };
  }, [client, advisorId, held]);

  useEffect(() => {
    if (restoring) return;
    rememberMine([...state.alerts.values()].filter((e) => e.alert.assignedAdvisor?.id === advisorId).map((e) => e.alert.id));
  }, [state, advisorId, restoring]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, dispatch, error, retry };
}
