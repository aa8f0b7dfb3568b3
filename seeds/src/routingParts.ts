import type { Queryable } from './queryable.js';
import { MAX_PART_VERTICES, polygonEwkbHex, type Rings } from './fineCounties.js';

/** Pieces per statement: about 115 vertices each, some 3 MB of hex EWKB per statement. */
const BATCH = 1000;

/**
 * Makes `district_parts` hold every county's fine polygon in pieces of <= 256 vertices (cut when the shared
 * data was imported), tagged with the county and its office (db/migrations/0012_fine_district_parts.sql).
 * Incremental: pieces of the same fine file (`partsHash`) already loaded are kept, so only counties
 * without pieces are inserted (all of them on the first seed, none on a reseed of the same files). A county the fine file lacks (the US Virgin
 * Islands) is cut from its coarse 1:10M polygon instead. `fine` is read only when some county needs it.
 * Run after the counties are written and corrections re-applied, before `rebuild_districts(null)`; the
 * caller records `partsHash` in `seed_state` with the rest of the seed.
 */
export async function syncRoutingParts(
  q: Queryable,
  partsHash: string,
  fine: () => Map<string, Rings[]>,
  progress: (step: string) => void,
): Promise<void> {
  const loaded = await q.query<{ parts_hash: string | null }>('select parts_hash from seed_state');
  if (loaded.rows[0]?.parts_hash !== partsHash) await q.query('delete from district_parts');
  // Old pieces without a county (before 0012) and pieces of counties no longer in the files.
  await q.query(`delete from district_parts p
                 where p.fips is null or not exists (select 1 from counties c where c.fips = p.fips and c.geom is not null)`);
  const missing = await q.query<{ fips: string }>(
    `select fips from counties c
     where c.geom is not null and not exists (select 1 from district_parts p where p.fips = c.fips)
     order by fips`,
  );
  if (missing.rows.length === 0) return;
  const polygons = fine();
  const withFine = missing.rows.map((r) => r.fips).filter((f) => polygons.has(f));
  const pieces = withFine.flatMap((fips) => polygons.get(fips)!.map((rings) => ({ fips, rings })));
  progress(`routing parts: ${pieces.length} pieces of ${withFine.length} fine county polygons (1:500,000)`);
  for (let i = 0; i < pieces.length; i += BATCH) {
    const b = pieces.slice(i, i + BATCH);
    await q.query(
      `insert into district_parts (consulate_id, fips, geom)
       select c.consulate_id, c.fips, t.g::geometry
       from unnest($1::text[], $2::text[]) as t(fips, g) join counties c on c.fips = t.fips`,
      [b.map((p) => p.fips), b.map((p) => polygonEwkbHex(p.rings))],
    );
  }
  const coarse = await q.query<{ fips: string }>(
    `insert into district_parts (consulate_id, fips, geom)
     select c.consulate_id, c.fips, (ST_Dump(ST_Subdivide(c.geom, ${MAX_PART_VERTICES}))).geom
     from counties c
     where c.geom is not null and not exists (select 1 from district_parts p where p.fips = c.fips)
     returning fips`,
  );
  if (coarse.rows.length > 0)
    progress(`routing parts: ${new Set(coarse.rows.map((r) => r.fips)).size} counties without a fine polygon cut from 1:10M`);
  await assertEveryCountyHasParts(q);
}

/** The embedded PostGIS once dropped rows of a failing batch silently (db/CONVENTIONS.md): count instead. */
async function assertEveryCountyHasParts(q: Queryable) {
  const r = await q.query<{ n: number }>(
    `select count(*)::int as n from counties c
     where c.geom is not null and not exists (select 1 from district_parts p where p.fips = c.fips)`,
  );
  if ((r.rows[0]?.n ?? 0) > 0) throw new Error(`seed incomplete: ${r.rows[0]?.n} counties have no routing parts`);
}
