import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { errorCode } from '../graphql/errors';
import { shouldSendFix, type Fix, type LatLon } from '../field/geo';
import { useGeolocation, type GeoStatus } from '../field/useGeolocation';
import type { OfficerAdvisorFieldsFragment } from '../gql/graphql';
import { ReportLocationMutation } from './documents';

/** How often the position is sent again even when it has not changed: it keeps the advisor eligible. */
export const REPORT_EVERY_MS = 15_000;

/**
 * A report not answered by then is given up (and the operation torn down), so a connection that died
 * without closing (a phone between cells) never holds back the next report.
 */
export const REPORT_TIMEOUT_MS = 10_000;

/** The operation's first result, or null when none came within `ms` (the operation is then cancelled). */
function answerWithin<T>(ms: number, source: { subscribe(cb: (r: T) => void): { unsubscribe(): void } }): Promise<T | null> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: T | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      queueMicrotask(() => sub.unsubscribe());
      resolve(r);
    };
    const timer = setTimeout(() => settle(null), ms);
    const sub = source.subscribe((r) => settle(r));
  });
}

export interface LocationSharing {
  /** The position in use: the device's fix, else the pin the officer put on the map. */
  position: Fix | null;
  mode: 'live' | 'manual' | GeoStatus;
  lastSentAt: number | null;
  /** Code of the last failed report (cleared by the next success). */
  error: string | null;
  setPin(p: LatLon): void;
}

/**
 * Shares the officer's position: `reportAdvisorLocation` on every real move and every 15 s. When the
 * browser refuses geolocation (or has none), a pin placed on the map is reported instead. The server
 * stamps the time (no `recordedAt`), so a phone with a wrong clock cannot send a stale position.
 */
export function useLocationSharing(onAdvisor: (a: OfficerAdvisorFieldsFragment) => void): LocationSharing {
  const client = useClient();
  const geo = useGeolocation();
  const [pin, setPinState] = useState<Fix | null>(null);
  const [lastSentAt, setLastSentAt] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const position = geo.fix ?? pin;
  const latest = useRef<Fix | null>(null);
  const lastSent = useRef<Fix | null>(null);
  const inFlight = useRef(false);
  const advisorCallback = useRef(onAdvisor);
  useEffect(() => {
    advisorCallback.current = onAdvisor;
  }, [onAdvisor]);

  const send = useCallback(
    async (fix: Fix) => {
      if (inFlight.current) return;
      inFlight.current = true;
      try {
        const location = { lat: fix.lat, lon: fix.lon, accuracyM: fix.accuracyM };
        const r = await answerWithin(REPORT_TIMEOUT_MS, client.mutation(ReportLocationMutation, { location }));
        if (!r) setError('TIMEOUT');
        else if (r.data?.reportAdvisorLocation) {
          lastSent.current = { ...fix, at: Date.now() };
          setLastSentAt(Date.now());
          setError(null);
          advisorCallback.current(r.data.reportAdvisorLocation);
        } else setError(r.error ? errorCode(r.error) : 'UNKNOWN');
      } finally {
        inFlight.current = false;
      }
    },
    [client],
  );

  // On a real move (or the first fix / pin).
  useEffect(() => {
    latest.current = position;
    if (position && shouldSendFix(lastSent.current, { ...position, at: Date.now() }, 25, REPORT_EVERY_MS)) void send(position);
  }, [position, send]);

  // And every 15 s regardless.
  useEffect(() => {
    const id = setInterval(() => {
      if (latest.current) void send(latest.current);
    }, REPORT_EVERY_MS);
    return () => clearInterval(id);
  }, [send]);

  const setPin = useCallback((p: LatLon) => setPinState({ lat: p.lat, lon: p.lon, accuracyM: null, at: Date.now() }), []);
  const mode = geo.fix ? 'live' : pin ? 'manual' : geo.status;
  return { position, mode, lastSentAt, error, setPin };
}
