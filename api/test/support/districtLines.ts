import { readFileSync } from 'node:fs';
import type { Queryable } from '../../src/db/types.js';
import { containingConsulateSql } from '../../src/sql/routing.js';
import { decodeFineCounties, FINE_COUNTIES_FILE, type Rings } from '../../../seeds/src/fineCounties.js';
import { readSeedFiles, SEED_DATA_DIR } from '../../../seeds/src/load.js';

/** Offsets from a line between two offices, in metres, on each side (issue 23). */
export const OFFSETS_M = [100, 500, 1000];

export interface LinePoint {
  /** The two offices whose districts meet there, alphabetically. */
  offices: string;
  side: 'left' | 'right';
  offsetM: number;
  lon: number;
  lat: number;
}

/**
 * For every pair of offices whose districts touch: the longest straight segment of the line between them
 * (pieces of counties of the two offices that share an edge), and points at 100 m, 500 m and 1 km on
 * each side of its midpoint, perpendicular to it, on the ellipsoid. One batched statement.
 */
export async function pointsNearDistrictLines(q: Queryable): Promise<LinePoint[]> {
  const r = await q.query<{ offices: string; side: 'left' | 'right'; offset_m: number; lon: number; lat: number }>(
    `with shared as (
       select a.consulate_id || '|' || b.consulate_id as offices,
              (ST_DumpSegments(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 2))).geom as seg
       from district_parts a join district_parts b
         on a.consulate_id < b.consulate_id and a.geom && b.geom and ST_Intersects(a.geom, b.geom)),
     longest as (
       select distinct on (offices) offices, seg from shared
       order by offices, ST_Length(seg::geography) desc, ST_AsText(seg)),
     mid as (
       select offices, ST_LineInterpolatePoint(seg, 0.5)::geography as m,
              ST_Azimuth(ST_StartPoint(seg)::geography, ST_EndPoint(seg)::geography) as az
       from longest)
     select offices, s.side, d.offset_m, ST_X(p::geometry) as lon, ST_Y(p::geometry) as lat
     from mid
     cross join (values ('left', -pi() / 2), ('right', pi() / 2)) as s(side, turn)
     cross join unnest($1::float8[]) as d(offset_m)
     cross join lateral ST_Project(m, d.offset_m, az + s.turn) as p
     order by offices, s.side, d.offset_m`,
    [OFFSETS_M],
  );
  return r.rows.map((x) => ({ offices: x.offices, side: x.side, offsetM: Number(x.offset_m), lon: Number(x.lon), lat: Number(x.lat) }));
}

/** Even-odd ray casting over a polygon's rings (outer ring and holes). */
export function inRings(rings: Rings, x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside;
    }
  return inside;
}

/**
 * The ground truth, computed without the database: the county whose fine polygon (the pieces in
 * seeds/data/counties-500k.json.gz) contains each point, and that county's office in
 * seeds/data/county-membership.csv; null for a point in no county (water, across a border).
 */
export function countyOfficeOf(points: Array<{ lon: number; lat: number }>): Array<{ fips: string; office: string } | null> {
  const pieces = [...decodeFineCounties(readFileSync(SEED_DATA_DIR + FINE_COUNTIES_FILE)).entries()].flatMap(([fips, list]) =>
    list.map((rings) => {
      const box = { fips, rings, west: Infinity, east: -Infinity, south: Infinity, north: -Infinity };
      for (const [x, y] of rings[0]!) {
        box.west = Math.min(box.west, x!);
        box.east = Math.max(box.east, x!);
        box.south = Math.min(box.south, y!);
        box.north = Math.max(box.north, y!);
      }
      return box;
    }),
  );
  const office = new Map(readSeedFiles().membership.map((r) => [r.fips, r.officeId]));
  return points.map(({ lon, lat }) => {
    const hit = pieces.find((p) => lon >= p.west && lon <= p.east && lat >= p.south && lat <= p.north && inRings(p.rings, lon, lat));
    return hit ? { fips: hit.fips, office: office.get(hit.fips)! } : null;
  });
}

/** The production containment query (api/src/sql/routing.ts) for many points in one statement. */
export async function containingConsulates(q: Queryable, points: Array<{ lon: number; lat: number }>): Promise<Array<string | null>> {
  const r = await q.query<{ consulate_id: string | null }>(
    `select ${containingConsulateSql('t.lon', 't.lat')} as consulate_id
     from unnest($1::float8[], $2::float8[]) with ordinality as t(lon, lat, i) order by t.i`,
    [points.map((p) => p.lon), points.map((p) => p.lat)],
  );
  return r.rows.map((x) => x.consulate_id);
}

/**
 * The same points against the routing parts as they were before the fine lines: the dissolved 1:10M
 * districts (`districts.geom`) cut into pieces of <= 256 vertices, in a statement of its own.
 */
export async function coarseContainingConsulates(q: Queryable, points: Array<{ lon: number; lat: number }>): Promise<Array<string | null>> {
  const r = await q.query<{ consulate_id: string | null }>(
    `with coarse as materialized (select consulate_id, (ST_Dump(ST_Subdivide(geom, 256))).geom as geom from districts)
     select (select consulate_id from coarse where ST_Intersects(geom, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)) limit 1) as consulate_id
     from unnest($1::float8[], $2::float8[]) with ordinality as t(lon, lat, i) order by t.i`,
    [points.map((p) => p.lon), points.map((p) => p.lat)],
  );
  return r.rows.map((x) => x.consulate_id);
}
