import { useEffect, useRef } from 'react';
import { useClient } from 'urql';
import { shouldSendFix, type Fix } from '../field/geo';
import { UpdateAlertLocationMutation } from './documents';

/**
 * While the alert is open, sends `updateAlertLocation` when the phone moves (watchPosition feeds
 * `fix`): on a move of 20 m or more, or every 30 s of new fixes. `fix` null (the alert closed) stops it.
 * No `recordedAt`: the server stamps the time, so a phone clock behind the server's cannot make a
 * fix look older than the one the alert was raised with.
 */
export function useAlertLocation(alertId: string, fix: Fix | null): void {
  const client = useClient();
  const lastSent = useRef<Fix | null>(null);
  const inFlight = useRef(false);

  useEffect(() => {
    if (!fix || inFlight.current) return;
    const now = { ...fix, at: Date.now() };
    if (!shouldSendFix(lastSent.current, now, 20, 30_000)) return;
    inFlight.current = true;
    void client
      .mutation(UpdateAlertLocationMutation, { id: alertId, location: { lat: fix.lat, lon: fix.lon, accuracyM: fix.accuracyM } })
      .toPromise()
      .then((r) => {
        // A refusal (the alert closed, a fix judged older) is not retried: the next move sends again.
        if (r.data || r.error?.graphQLErrors.length) lastSent.current = now;
      })
      .finally(() => {
        inFlight.current = false;
      });
  }, [client, alertId, fix]);
}
