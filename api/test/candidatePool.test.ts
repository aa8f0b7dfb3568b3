import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import { findCandidates } from '../src/sql/candidates.js';

const HOME = 'losangeles';
const NEIGHBOUR = 'sanbernardino';
const RADIUS_M = 30_000;
const LIMIT = 64;

/**
 * The candidate pool, whichever way the query gets there, is exactly: the home consulate's 64 nearest
 * dispatchable advisors, plus those of the 64 nearest of any consulate that are within the neighbour
 * radius. Checked against that definition computed by brute force, in three places built for it (far from
 * every seeded advisor): the nearest 64 all home (the home scan is skipped), the nearest 64 all home but
 * beyond the radius, and home and neighbour advisors mixed.
 */
describe.each(backends())('the candidate pool (%s)', (backend) => {
  let t: TestDb;
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;

  /** `n` advisors of `consulateId` between `fromKm` and `toKm` of a point, in random directions. */
  async function ring(consulateId: string, lon: number, lat: number, n: number, fromKm: number, toKm: number) {
    const pts = Array.from({ length: n }, () => {
      const d = fromKm + random() * (toKm - fromKm);
      const a = random() * 2 * Math.PI;
      return [lon + (d * Math.cos(a)) / (111.32 * Math.cos((lat * Math.PI) / 180)), lat + (d * Math.sin(a)) / 110.57];
    });
    await t.db.query(
      `insert into advisors (consulate_id, name, kind, availability, capacity, location, location_at)
       select $1, 'Pool test', 'PALE_LAWYER', 'AVAILABLE', 1, ST_SetSRID(ST_MakePoint(x, y), 4326)::geography, now()
       from unnest($2::float8[], $3::float8[]) as p(x, y)`,
      [consulateId, pts.map((p) => p[0]), pts.map((p) => p[1])],
    );
  }

  /** The definition, by brute force: every dispatchable advisor's distance, sorted. */
  async function expected(lon: number, lat: number): Promise<string[]> {
    const r = await t.db.query<{ id: string }>(
      `with d as (
         select a.id, a.consulate_id, a.location <-> p.g as dist, ST_DWithin(a.location, p.g, $4::float8) as within
         from advisors a, (select ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)::geography as g) p
         where a.active and a.availability = 'AVAILABLE' and a.active_alerts < a.capacity and a.location_at > now() - interval '10 minutes')
       (select id from d where consulate_id = $3 order by dist limit ${LIMIT})
       union
       (select id from (select id, within from d order by dist limit ${LIMIT}) n where within)`,
      [lon, lat, HOME, RADIUS_M],
    );
    return r.rows.map((x) => x.id).sort();
  }

  const pool = async (lon: number, lat: number) =>
    findCandidates(t.db, { alertId: randomUUID(), consulateId: HOME, lon, lat, maxLocationAgeSeconds: 600, neighbourRadiusM: RADIUS_M });

  beforeAll(async () => {
    t = await cloneTestDb(backend);
    await ring(HOME, -116.0, 35.0, 100, 0, 3); // A: a dense home cluster, neighbours farther out
    await ring(NEIGHBOUR, -116.0, 35.0, 40, 10, 20);
    await ring(HOME, -117.0, 38.5, 70, 35, 45); // B: home advisors only, all beyond the radius
    await ring(HOME, -113.0, 40.0, 30, 0, 10); // C: home and neighbours mixed
    await ring(NEIGHBOUR, -113.0, 40.0, 60, 0, 10);
  });
  afterAll(() => t.dispose());

  it('the nearest 64 are all home: they are the pool, neighbours farther out are not', async () => {
    const got = await pool(-116.0, 35.0);
    expect(got).toHaveLength(LIMIT);
    expect(new Set(got.map((c) => c.consulateId))).toEqual(new Set([HOME]));
    expect(got.map((c) => c.advisorId).sort()).toEqual(await expected(-116.0, 35.0));
  });

  it('the nearest 64 are all home and beyond the radius: they are still the pool', async () => {
    const got = await pool(-117.0, 38.5);
    expect(got).toHaveLength(LIMIT);
    expect(Math.min(...got.map((c) => c.distanceM))).toBeGreaterThan(RADIUS_M);
    expect(got.map((c) => c.advisorId).sort()).toEqual(await expected(-117.0, 38.5));
  });

  it("home and neighbours mixed: the home consulate's 64 nearest however far, and the neighbours among the nearest 64", async () => {
    const got = await pool(-113.0, 40.0);
    const home = got.filter((c) => c.consulateId === HOME);
    expect(home).toHaveLength(LIMIT);
    expect(home.filter((c) => c.distanceM < 11_000)).toHaveLength(30); // the rest from the other clusters, hundreds of km away
    // Of the 90 advisors within 10 km, the 64 nearest: the neighbours among them, not all 60.
    const neighbours = got.filter((c) => c.consulateId === NEIGHBOUR).length;
    expect(neighbours).toBeGreaterThanOrEqual(LIMIT - 30);
    expect(neighbours).toBeLessThan(60);
    expect(got.map((c) => c.advisorId).sort()).toEqual(await expected(-113.0, 40.0));
  });

  it('anywhere between, the pool is the definition', async () => {
    for (const [lon, lat] of [[-116.1, 35.05], [-115.8, 34.9], [-117.2, 38.6], [-113.05, 40.02], [-112.9, 39.95]] as const) {
      const got = await pool(lon, lat);
      expect(got.map((c) => c.advisorId).sort(), `${lon},${lat}`).toEqual(await expected(lon, lat));
      // nearest first
      expect(got.map((c) => c.distanceM)).toEqual([...got.map((c) => c.distanceM)].sort((a, b) => a - b));
    }
  });
});
