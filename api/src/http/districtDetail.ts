import type { Request } from 'express';

/** The levels of detail `GET /geo/districts.geojson?detail=` serves (db/migrations/0016_district_display_levels.sql). */
export const DETAIL_LEVELS = ['low', 'medium', 'high'] as const;
export type DetailLevel = (typeof DETAIL_LEVELS)[number];

/**
 * The `detail` of a districts request, checked before anything else is done: absent is `low` (what the URL
 * served before it had levels), one of the three names is that level, anything else (another name, a
 * repeated parameter, any other parameter) is null and gets a 400, so the cache is only ever keyed on
 * the three names.
 */
export function detailOf(req: Request): DetailLevel | null {
  const keys = Object.keys(req.query);
  if (keys.length === 0) return 'low';
  if (keys.length > 1 || keys[0] !== 'detail') return null;
  const d = req.query.detail;
  return typeof d === 'string' && (DETAIL_LEVELS as readonly string[]).includes(d) ? (d as DetailLevel) : null;
}
