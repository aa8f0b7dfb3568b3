import { badInput } from './errors.js';

export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Validates a box in degrees; west > east means it crosses the antimeridian. */
export function parseBBox(b: BBox): BBox {
  const ok = (v: number, lim: number) => Number.isFinite(v) && Math.abs(v) <= lim;
  if (!ok(b.west, 180) || !ok(b.east, 180)) throw badInput('bbox west and east must be between -180 and 180', 'bbox');
  if (!ok(b.south, 90) || !ok(b.north, 90) || b.south > b.north) throw badInput('bbox south and north must be between -90 and 90, south <= north', 'bbox');
  return b;
}

/** Whether an event's alert currently lies inside the box. */
export const inBox = (b: BBox) => (e: { alert: { lon: number; lat: number } }) => {
  const { lon, lat } = e.alert;
  if (lat < b.south || lat > b.north) return false;
  return b.west <= b.east ? lon >= b.west && lon <= b.east : lon >= b.west || lon <= b.east;
};
