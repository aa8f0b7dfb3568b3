import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Geometry, Polygon } from 'geojson';
import { MAX_PART_VERTICES, type Rings } from './fineCounties.js';

/**
 * Cuts every fine county polygon into pieces of at most 256 vertices with the embedded PostGIS
 * (`ST_MakeValid(..., 'method=structure')`, then `ST_Subdivide`), once, when the shared data is imported
 * (seeds/src/import-shared.ts): a seed then only inserts the pieces, which keeps a first start and the
 * tests' template build short. Pieces keep 7 decimals (1 cm): the cut's new vertices, nothing else, are
 * rounded. Ordered by FIPS and piece, so the import is reproducible.
 */
export async function cutCountyParts(features: Array<{ fips: string; geometry: Geometry }>): Promise<Map<string, Rings[]>> {
  const db = await PGlite.create({ extensions: { postgis } });
  try {
    await db.exec('create extension postgis; create table county (fips text primary key, geom geometry)');
    for (let i = 0; i < features.length; i += 100) {
      const b = features.slice(i, i + 100);
      await db.query(
        `insert into county (fips, geom)
         select fips, ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326), 'method=structure'), 3)
         from unnest($1::text[], $2::text[]) as t(fips, g)`,
        [b.map((f) => f.fips), b.map((f) => JSON.stringify(f.geometry))],
      );
    }
    const r = await db.query<{ fips: string; g: string }>(
      `select fips, ST_AsGeoJSON(p.geom, 7) as g
       from county cross join lateral ST_Subdivide(geom, ${MAX_PART_VERTICES}) with ordinality as p(geom, n)
       order by fips, n`,
    );
    const out = new Map<string, Rings[]>();
    for (const { fips, g } of r.rows) {
      const list = out.get(fips) ?? [];
      list.push((JSON.parse(g) as Polygon).coordinates);
      out.set(fips, list);
    }
    return out;
  } finally {
    await db.close();
  }
}
