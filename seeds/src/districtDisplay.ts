import { merge } from 'topojson-client';
import type { MultiPolygon, Position } from 'geojson';
import type { Topology } from 'topojson-specification';
import type { Queryable } from './queryable.js';
import { DISPLAY_LEVELS, type DisplayTopology } from './displayLevels.js';

/** Rounds to `decimals`, drops the vertices rounding made equal to the one before, and rings left empty. */
function rounded(geometry: MultiPolygon, decimals: number): MultiPolygon {
  const f = 10 ** decimals;
  const ring = (r: Position[]) =>
    r.map(([x, y]) => [Math.round(x! * f) / f, Math.round(y! * f) / f]).filter((p, i, a) => i === 0 || p[0] !== a[i - 1]![0] || p[1] !== a[i - 1]![1]);
  const polygons = geometry.coordinates.flatMap((p) => {
    const [outer, ...holes] = p.map(ring);
    return outer && outer.length >= 4 ? [[outer, ...holes.filter((h) => h.length >= 4)]] : [];
  });
  return { type: 'MultiPolygon', coordinates: polygons };
}

/**
 * Writes `district_display` (db/migrations/0016_district_display_levels.sql) for `offices` (null: every
 * district): per level, the topological merge of the counties each office holds now (topojson-client
 * `merge`: the arcs between two of its counties drop out), from the counties' topology of
 * seeds/data/county-display.json.gz. Pure arithmetic on shared arcs: about a second for the whole
 * network, where ST_Union of the same polygons took 17 s. A county the file lacks (the US Virgin Islands,
 * absent from the 1:500,000 source) is drawn from its 1:10M polygon, simplified to the level's tolerance.
 * Run after `rebuild_districts(offices)`, which deletes these rows with their districts.
 */
export async function rebuildDistrictDisplay(q: Queryable, topology: () => DisplayTopology, offices: string[] | null): Promise<void> {
  const held = await q.query<{ fips: string; consulate_id: string }>(
    `select c.fips, c.consulate_id from counties c join districts d on d.consulate_id = c.consulate_id
     where c.geom is not null and ($1::text[] is null or c.consulate_id = any($1::text[]))`,
    [offices],
  );
  await q.query('delete from district_display where $1::text[] is null or consulate_id = any($1::text[])', [offices]);
  if (held.rows.length === 0) return;
  const topo = topology();
  const arcsOf = new Map(topo.counties.map((c) => [c.fips, c.polygons]));
  const byOffice = new Map<string, { polygons: number[][][][]; missing: string[] }>();
  for (const { fips, consulate_id } of held.rows) {
    const o = byOffice.get(consulate_id) ?? { polygons: [], missing: [] };
    const polygons = arcsOf.get(fips);
    if (polygons) o.polygons.push(polygons);
    else o.missing.push(fips);
    byOffice.set(consulate_id, o);
  }
  const rows = DISPLAY_LEVELS.flatMap(({ level, tolerance, decimals }) => {
    const t = { type: 'Topology', arcs: topo.arcs.get(level)!, objects: {} } as unknown as Topology;
    return [...byOffice].map(([office, o]) => {
      const merged = merge(t, o.polygons.map((arcs) => ({ type: 'MultiPolygon', arcs })));
      return { office, level, tolerance, decimals, geojson: JSON.stringify(rounded(merged, decimals)), missing: o.missing.join(',') };
    });
  });
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  // Only a district with a county outside the file (San Juan: the USVI) takes a geometry function here.
  await q.query(
    `insert into district_display (consulate_id, level, geojson)
     select t.office, t.level,
            case when t.missing = '' then t.g
            else ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_Union(
                   ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(t.g), 4326), 'method=structure'),
                   (select ST_Union(ST_SimplifyPreserveTopology(c.geom, t.tolerance) order by c.fips) from counties c
                    where c.fips = any(string_to_array(t.missing, ',')))), 3)), t.decimals) end
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::int[]) as t(office, level, g, missing, tolerance, decimals)`,
    [col('office'), col('level'), col('geojson'), col('missing'), col('tolerance'), col('decimals')],
  );
  // The embedded PostGIS once dropped rows of a failing batch silently (db/CONVENTIONS.md): count instead.
  const n = await q.query<{ n: number }>('select count(*)::int as n from district_display where $1::text[] is null or consulate_id = any($1::text[])', [offices]);
  if (n.rows[0]?.n !== rows.length) throw new Error(`district outlines incomplete: ${n.rows[0]?.n} of ${rows.length} written`);
}
