/** Pure geometry and wording for the field screens (officer and person). */

export interface LatLon {
  lat: number;
  lon: number;
}

/** A device position as the screens keep it. `at`: when it was measured (ms since the epoch). */
export interface Fix extends LatLon {
  accuracyM: number | null;
  at: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle (haversine) distance in km; good to well under 0.5 % at the distances that matter here. */
export function distanceKm(a: LatLon, b: LatLon): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "350 m", "4.2 km", "18 km". */
export function formatDistance(km: number): string {
  if (km < 1) return `${Math.round(km * 1000)} m`;
  if (km < 10) return `${km.toFixed(1)} km`;
  return `${Math.round(km)} km`;
}

/** "1:05" until the deadline; "0:00" once passed. Minutes are not padded: "12:30". */
export function formatCountdown(remainingMs: number): string {
  const s = Math.max(0, Math.ceil(remainingMs / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A navigation hand-off (RFC 5870): phones open it in the maps app the person chose. */
export function geoUri(p: LatLon): string {
  return `geo:${p.lat.toFixed(6)},${p.lon.toFixed(6)}`;
}

/**
 * Whether a new fix is worth sending: the first one, a move of at least `minMoveM` metres, or the
 * last one sent being older than `maxSilenceMs` (a fresh position keeps an advisor eligible).
 */
export function shouldSendFix(last: Fix | null, next: Fix, minMoveM = 25, maxSilenceMs = 15_000): boolean {
  if (last === null) return true;
  if (next.at - last.at >= maxSilenceMs) return true;
  return distanceKm(last, next) * 1000 >= minMoveM;
}
