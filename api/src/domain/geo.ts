/** A validated WGS84 point. `[lon, lat]` order everywhere past this boundary. */
export interface Point {
  lon: number;
  lat: number;
  accuracyM: number | null;
}

import { badInput } from './errors.js';

/** Mean Earth radius (IUGG), metres: used for quick distance estimates outside the database. */
export const EARTH_RADIUS_M = 6_371_008.8;
/** An accuracy radius beyond this is not a location at all (the width of a continent). */
export const MAX_ACCURACY_M = 100_000;

/**
 * Parses client coordinates. Accepts finite numbers with lat in [-90, 90] and lon in [-180, 180],
 * optional accuracy in [0, 100 km]. Rejects (0, 0), "null island": a GPS fix that failed, not a place.
 */
export function parseLocation(input: { lat: unknown; lon: unknown; accuracyM?: unknown }): Point {
  const { lat, lon, accuracyM } = input;
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
    throw badInput(`location.lat must be a number between -90 and 90, got ${describe(lat)}`, 'location.lat');
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180)
    throw badInput(`location.lon must be a number between -180 and 180, got ${describe(lon)}`, 'location.lon');
  if (lat === 0 && lon === 0) throw badInput('location (0, 0) is a failed GPS fix, not a place', 'location');
  let acc: number | null = null;
  if (accuracyM !== undefined && accuracyM !== null) {
    if (typeof accuracyM !== 'number' || !Number.isFinite(accuracyM) || accuracyM < 0 || accuracyM > MAX_ACCURACY_M)
      throw badInput(`location.accuracyM must be between 0 and ${MAX_ACCURACY_M}, got ${describe(accuracyM)}`, 'location.accuracyM');
    acc = accuracyM;
  }
  return { lon, lat, accuracyM: acc };
}

// Describes a bad value by its kind only: echoing it back could put a coordinate in a log.
function describe(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? 'a number out of range' : String(v);
  return v === null ? 'null' : typeof v;
}

/** Below this accuracy a fix is as good as the coarse cell; above it the cell would pretend a precision it lacks. */
export const COARSE_CELL_M = 1_000;

/**
 * Coarse location: the centre of a 0.01° grid cell (about 1.1 km north-south). Snapping to a grid,
 * unlike dropping decimals, reveals nothing about where inside the cell the point is.
 */
export function coarsen(p: { lon: number; lat: number }, cellDeg = 0.01): { lon: number; lat: number } {
  const snap = (v: number) => Math.round((Math.floor(v / cellDeg) * cellDeg + cellDeg / 2) * 1e6) / 1e6;
  return { lon: snap(p.lon), lat: snap(p.lat) };
}
