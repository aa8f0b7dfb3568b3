import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { errorCode } from '../graphql/errors';
import { NearbyAlertsSubscription } from './documents';
import { emptyNearby, foldNearby, type NearbyAction, type NearbyState } from './fold';
import { announcementFor, type Announcement } from './announce';

export const NEARBY_RADIUS_KM = 25;
/**
 * A stream may start with the alerts open now (older events): a page opening among ten open alerts must
 * not beep ten times. Events older than the page (with this much slack for the phone's clock) are
 * shown, and only announced when they concern this officer.
 */
const CLOCK_SLACK_MS = 60_000;

export interface Nearby {
  state: NearbyState;
  dispatch(action: NearbyAction): void;
  /** The stream ended with this code (e.g. FORBIDDEN when the advisor was deactivated). */
  error: string | null;
  retry(): void;
}

/**
 * The `nearbyAlerts` stream folded into state, with mutation answers and the alerts read at start-up
 * (`restore`, see useOfficerStart) folded into the same map. Every change is compared with what was
 * there before, and what the officer must hear goes to `onAnnounce`.
 */
export function useNearby(advisorId: string, onAnnounce: (a: Announcement) => void): Nearby {
  const client = useClient();
  const [state, setState] = useState<NearbyState>(emptyNearby);
  const current = useRef(state);
  const announce = useRef(onAnnounce);
  useEffect(() => {
    announce.current = onAnnounce;
  }, [onAnnounce]);
  const [openedAt] = useState(() => Date.now());
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  // Outside a state updater on purpose: an announcement is a side effect, said once per change.
  const dispatch = useCallback(
    (action: NearbyAction) => {
      const before = current.current;
      const next = foldNearby(before, action);
      if (next === before) return;
      current.current = next;
      setState(next);
      if (action.type === 'forget' || action.type === 'restore') return;
      const alert = action.type === 'event' ? action.event.alert : action.alert;
      const said = announcementFor(before.alerts.get(alert.id)?.alert, alert, advisorId);
      const old = action.type === 'event' && Date.parse(action.event.at) < openedAt - CLOCK_SLACK_MS;
      if (said && !(old && said.kind === 'nearby')) announce.current(said);
    },
    [advisorId, openedAt],
  );

  useEffect(() => {
    setError(null);
    const sub = client.subscription(NearbyAlertsSubscription, { radiusKm: NEARBY_RADIUS_KM }).subscribe((r) => {
      if (r.error) return setError(errorCode(r.error));
      const event = r.data?.nearbyAlerts;
      if (event) dispatch({ type: 'event', event });
    });
    return () => sub.unsubscribe();
  }, [client, attempt, dispatch]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, dispatch, error, retry };
}
