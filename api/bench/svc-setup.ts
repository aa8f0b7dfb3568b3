/**
 * The service benchmark's database: a fresh `alerta_bench` on the server of DATABASE_URL, migrated and
 * seeded like production, plus 100,000 AVAILABLE advisors with fresh positions around the consulates
 * (one INSERT ... SELECT over generate_series). Also the points alerts are raised at.
 */
import pg from 'pg';
import { openPg } from '../src/db/pg.js';
import type { Queryable } from '../src/db/types.js';
import { migrate } from '../src/db/migrate.js';
import { routePoint } from '../src/sql/routing.js';
import { seedDatabase } from '../../seeds/src/load.js';
import { seededRandom } from '../../seeds/src/random.js';
import { alertOrigin, pointNear, type LonLat, type Place } from '../sim/geo.js';

/** `BENCH_DB_NAME` when several benchmarks share one server (a plain identifier only: it is written into DDL). */
export const BENCH_DB = /^[a-z_][a-z0-9_]{0,62}$/.test(process.env.BENCH_DB_NAME ?? '') ? process.env.BENCH_DB_NAME! : 'alerta_bench';
export const BENCH_ADVISORS = 100_000;

/** The connection string of database `name` on the server of `adminUrl`. */
function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export const benchUrl = (adminUrl: string): string => databaseUrl(adminUrl, BENCH_DB);

/** Drops and recreates the bench database, then migrates, seeds and adds the advisors. Returns timings in s. */
export async function prepareBenchDb(adminUrl: string, log: (s: string) => void): Promise<Record<string, number>> {
  const t: Record<string, number> = {};
  let t0 = Date.now();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${BENCH_DB} with (force)`);
    await admin.query(`create database ${BENCH_DB}`);
  } finally {
    await admin.end();
  }
  const db = openPg({ connectionString: benchUrl(adminUrl), max: 2 });
  try {
    await migrate(db);
    t.migrate = (Date.now() - t0) / 1000;
    t0 = Date.now();
    const seeded = await seedDatabase(db, { demoAdvisors: true, progress: (s) => log(`seed: ${s}`) });
    t.seed = (Date.now() - t0) / 1000;
    log(`seeded ${seeded.offices} offices, ${seeded.counties} counties, ${seeded.advisors} demo advisors`);
    t0 = Date.now();
    await db.tx(async (q) => {
      await q.query('select setseed(0.20261128)');
      // Advisors spread over the consulates (round robin), uniformly within ~40 km of the office; a third
      // also speak English; all AVAILABLE with a position from now.
      await q.query(
        `with cs as (select id, ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat,
                            row_number() over (order by id) - 1 as k
                     from consulates where not is_fallback),
              n as (select count(*) as n from cs)
         insert into advisors (consulate_id, name, kind, languages, availability, capacity, location, location_at)
         select cs.id, 'Bench advisor ' || g,
                (array['PALE_LAWYER', 'PROTECTION_OFFICER', 'CONSULAR_STAFF'])[1 + g % 3],
                case when g % 3 = 0 then '{es,en}'::text[] else '{es}'::text[] end,
                'AVAILABLE', 1 + g % 2,
                ST_SetSRID(ST_MakePoint(cs.lon + r * cos(a) / (111.32 * cos(radians(cs.lat))), cs.lat + r * sin(a) / 111.32), 4326)::geography,
                now()
         from (select g, 40 * sqrt(random()) as r, 2 * pi() * random() as a from generate_series(1, $1::int) g) s
         join n on true
         join cs on cs.k = s.g % n.n`,
        [BENCH_ADVISORS],
      );
    });
    // Vacuum too, not only analyze: autovacuum otherwise took the freshly loaded tables (100,000 advisors) in the
    // middle of the first measured window, which then measured that (seen on the raid point: its baseline,
    // measured first, was worse than the raid half in four runs of four).
    await db.exec('vacuum analyze');
    t.advisors = (Date.now() - t0) / 1000;
    return t;
  } finally {
    await db.close();
  }
}

/**
 * A copy of the prepared benchmark database under `name` (dropped first), made before anything connects to it:
 * the history run measures a service on the original and one on the copy, which takes the history. Answers the
 * copy's connection string.
 */
export async function copyBenchDb(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name} template ${BENCH_DB}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(adminUrl, name);
}

export interface Versions {
  postgres: string;
  postgis: string;
  advisors: number;
  districtParts: number;
}

export async function versions(pool: Queryable): Promise<Versions> {
  const r = await pool.query(
    `select version() as postgres, postgis_full_version() as postgis,
            (select count(*)::int from advisors) as advisors, (select count(*)::int from district_parts) as parts`,
  );
  const x = r.rows[0] as { postgres: string; postgis: string; advisors: number; parts: number };
  return { postgres: x.postgres, postgis: x.postgis, advisors: x.advisors, districtParts: x.parts };
}

export async function consulatePlaces(pool: Queryable): Promise<Array<Place & { fallback: boolean }>> {
  const r = await pool.query<Place & { fallback: boolean }>(
    `select id, ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat, is_fallback as fallback from consulates order by id`,
  );
  return r.rows;
}

/** `n` points within `radiusKm` of `office` that route CONTAINED to `consulateId` (checked with routePoint). */
export async function pointsInDistrict(q: Queryable, consulateId: string, office: LonLat, n: number, radiusKm = 25): Promise<LonLat[]> {
  const rand = seededRandom(4242);
  const out: LonLat[] = [];
  for (let tries = 0; out.length < n && tries < n * 20; tries++) {
    const p = pointNear(office, radiusKm, rand);
    const m = await routePoint(q, { ...p, accuracyM: null });
    if (m.consulate_id === consulateId && m.method === 'CONTAINED') out.push(p);
  }
  if (out.length < n) throw new Error(`only ${out.length} of ${n} points route to ${consulateId}`);
  return out;
}

/** `n` points drawn like the simulator's: a consulate by population weight, then within 30 km. */
export function weightedPoints(places: readonly Place[], n: number): LonLat[] {
  const rand = seededRandom(777);
  return Array.from({ length: n }, () => {
    const { lon, lat } = alertOrigin(places, rand);
    return { lon, lat };
  });
}

export async function benchAdvisors(pool: Queryable, n: number): Promise<Array<LonLat & { id: string; consulateId: string }>> {
  const r = await pool.query<LonLat & { id: string; consulateId: string }>(
    `select id, consulate_id as "consulateId", ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat
     from advisors where name like 'Bench advisor %' order by id limit $1`,
    [n],
  );
  return r.rows;
}
