import { useEffect, useState } from 'react';
import type { Fix } from './geo';

export type GeoStatus = 'pending' | 'ok' | 'denied' | 'unavailable';

export interface GeoState {
  status: GeoStatus;
  /** The latest fix; kept when a later reading fails, so a brief GPS loss does not blank the screen. */
  fix: Fix | null;
}

/**
 * The browser's position while `enabled`, through watchPosition (it reports again when the device
 * moves). Denied permission is its own status: the screens then offer a manual pin or explain how to
 * allow it.
 */
export function useGeolocation(enabled = true): GeoState {
  const [state, setState] = useState<GeoState>({ status: 'pending', fix: null });
  useEffect(() => {
    if (!enabled) return;
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      setState((s) => ({ ...s, status: 'unavailable' }));
      return;
    }
    const id = navigator.geolocation.watchPosition(
      (p) =>
        setState({
          status: 'ok',
          fix: { lat: p.coords.latitude, lon: p.coords.longitude, accuracyM: Number.isFinite(p.coords.accuracy) ? p.coords.accuracy : null, at: p.timestamp || Date.now() },
        }),
      (err) => setState((s) => ({ ...s, status: err.code === err.PERMISSION_DENIED ? 'denied' : s.fix ? 'ok' : 'unavailable' })),
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, [enabled]);
  return state;
}
