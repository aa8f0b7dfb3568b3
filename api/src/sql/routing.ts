import type { Queryable } from '../db/types.js';
import type { Point } from '../domain/geo.js';
import type { MatchRow } from './rows.js';

/** Beyond this distance from every district a point is outside the network's coverage (see schema). */
export const NEAREST_DISTRICT_MAX_M = 25_000;
export const FALLBACK_OFFICE_ID = 'ciam';

/**
 * The consulate whose district contains the point, as a scalar subquery that other reads embed to save a
 * round trip (subdivided parts, GiST index); null outside every district. `lon`, `lat`: SQL expressions,
 * the statement's parameters or numbers already checked finite.
 */
export function containingConsulateSql(lon: string, lat: string): string {
  return `(select consulate_id from district_parts
           where ST_Intersects(geom, ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326))
           limit 1)`;
}

/**
 * The consulate responsible for a point: the district containing it (subdivided parts, GiST index);
 * else the nearest district within 25 km, by true (geography) distance among the nearest parts by
 * index; else CIAM. Never fails for a valid point: a location never makes the service refuse an alert.
 */
export async function routePoint(q: Queryable, p: Point): Promise<MatchRow> {
  const contained = await q.query<{ consulate_id: string | null }>(
    `/* route_contained */ select ${containingConsulateSql('$1', '$2')} as consulate_id`,
    [p.lon, p.lat],
  );
  return routeFrom(q, p, contained.rows[0]?.consulate_id ?? null);
}

/**
 * The match of a point whose containing district is already known (`containingConsulateSql`, read with
 * something else): that district, or when there is none, the nearest district within 25 km or CIAM.
 */
export async function routeFrom(q: Queryable, p: Point, containedIn: string | null): Promise<MatchRow> {
  if (containedIn) return { consulate_id: containedIn, method: 'CONTAINED', distance_m: 0 };

  // The index orders by planar (degree) distance, which does not wrap at ±180°: candidates are taken
  // around the point and around its twin 360° away (so the Aleutians across the antimeridian are
  // found), then re-ranked by true distance in metres.
  const twinLon = p.lon < 0 ? p.lon + 360 : p.lon - 360;
  const nearest = await q.query<{ consulate_id: string; distance_m: number }>(
    `/* route_nearest */ with candidates as (
       (select consulate_id, geom from district_parts
        order by geom <-> ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) limit 16)
       union all
       (select consulate_id, geom from district_parts
        order by geom <-> ST_SetSRID(ST_MakePoint($3::float8, $2::float8), 4326) limit 16))
     select consulate_id,
            ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)::geography) as distance_m
     from candidates order by distance_m limit 1`,
    [p.lon, p.lat, twinLon],
  );
  const best = nearest.rows[0];
  if (best && best.distance_m <= NEAREST_DISTRICT_MAX_M)
    return { consulate_id: best.consulate_id, method: 'NEAREST', distance_m: best.distance_m };
  return { consulate_id: FALLBACK_OFFICE_ID, method: 'FALLBACK', distance_m: best?.distance_m ?? 0 };
}
