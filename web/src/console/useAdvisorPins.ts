import { useEffect, useReducer } from 'react';
import { useClient } from 'urql';
import { AdvisorPinsQuery, AdvisorPositionsSubscription } from './documents';
import { emptyAdvisorState, foldAdvisorUpdates, type AdvisorState, type AdvisorUpdate } from './advisors';
import type { ConnectionStatus } from '../graphql/client';

type Action = { type: 'updates'; updates: readonly AdvisorUpdate[] };
const reducer = (s: AdvisorState, a: Action) => foldAdvisorUpdates(s, a.updates);

/**
 * The advisors layer: the roster's positions, then the live, coalesced `advisorPositions` stream.
 * Positions have no cursor (only the latest matters), so after a reconnect the roster is read again.
 */
export function useAdvisorPins(consulateId: string | null, connection: ConnectionStatus): AdvisorState {
  const client = useClient();
  const [state, dispatch] = useReducer(reducer, emptyAdvisorState);
  const connected = connection === 'connected';

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    const sub = client.subscription(AdvisorPositionsSubscription, { consulateId }).subscribe((r) => {
      const p = r.data?.advisorPositions;
      if (p) dispatch({ type: 'updates', updates: [p] });
    });
    void client
      .query(AdvisorPinsQuery, { consulateId }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((r) => {
        if (cancelled || !r.data) return;
        dispatch({ type: 'updates', updates: r.data.advisors.map((a) => ({ advisor: { id: a.id, name: a.name }, availability: a.availability, active: a.active, location: a.location ?? null, locationAt: a.locationAt ?? null })) });
      });
    return () => {
      cancelled = true;
      sub.unsubscribe();
    };
  }, [client, consulateId, connected]);
  return state;
}
