import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { gql, personToken, serverFixture } from './support/server.js';
import { seedSnapshot } from './support/seedSnapshot.js';
import { decode, rawGet } from './support/rawGet.js';
import { readSeedFiles, seedDatabase, type SeedFiles } from '../../seeds/src/load.js';
import { NEAREST_DISTRICT_MAX_M } from '../src/sql/routing.js';
import type { Db } from '../src/db/types.js';

interface GoldenPoint {
  consulateId: string;
  lat: number;
  lon: number;
  place: string;
}

/** One point well inside each consular district (>= 8 km from its border), see seeds/test/fixtures. */
const GOLDEN = JSON.parse(
  readFileSync(new URL('../../seeds/test/fixtures/golden-points.json', import.meta.url), 'utf8'),
) as GoldenPoint[];

const CONSULATE_AT = `query At($location: LocationInput!) {
  consulateAt(location: $location) { method distanceKm consulate { id } } }`;

interface Match {
  method: 'CONTAINED' | 'NEAREST' | 'FALLBACK';
  distanceKm: number;
  consulate: { id: string };
}

async function consulateAt(url: string, lat: number, lon: number): Promise<Match> {
  const r = await gql<{ consulateAt: Match }>(url, CONSULATE_AT, { location: { lat, lon } });
  expect(r.errors).toBeUndefined();
  return r.data!.consulateAt;
}

/**
 * The true nearest district by geography distance over every routing part: a brute-force reference,
 * independent of the index ordering the production query relies on.
 */
async function trueNearest(db: Db, lat: number, lon: number): Promise<{ consulate_id: string; distance_m: number }> {
  const r = await db.query<{ consulate_id: string; distance_m: number }>(
    `select consulate_id,
            ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)::geography) as distance_m
     from district_parts order by distance_m limit 1`,
    [lon, lat],
  );
  return r.rows[0]!;
}

/** The office a county belongs to in seeds/data/county-membership.csv. */
const officeOf = (fips: string) => readSeedFiles().membership.find((r) => r.fips === fips)!.officeId;


describe.each(backends())('consular districts on %s', (backend) => {
  describe('routing and maps over the seeded districts', () => {
    const f = serverFixture(backend);


    it('has exactly one golden point per consulate district', async () => {
      const r = await gql(f.server.url, '{ consulates { id } }');
      const ids = (r.data!.consulates as Array<{ id: string }>).map((c) => c.id).sort();
      expect(ids).toHaveLength(53);
      expect(GOLDEN.map((p) => p.consulateId).sort()).toEqual(ids);
    });

    it('routes every golden point CONTAINED to its own consulate', async () => {
      const got: Array<{ place: string; method: string; distanceKm: number; consulate: string }> = [];
      for (const p of GOLDEN) {
        const m = await consulateAt(f.server.url, p.lat, p.lon);
        got.push({ place: p.place, method: m.method, distanceKm: m.distanceKm, consulate: m.consulate.id });
      }
      expect(got).toEqual(GOLDEN.map((p) => ({ place: p.place, method: 'CONTAINED', distanceKm: 0, consulate: p.consulateId })));
    });

    // Points outside every district but within 25 km of one: routed to the nearest district, and the
    // distance reported is the true (geography) distance to it.
    it.each([
      ['at sea in Santa Monica Bay, off Los Angeles', 'losangeles', 33.92, -118.52],
      ['at sea off Point Loma, San Diego', 'sandiego', 32.7, -117.3],
      ['in Tijuana, just south of the border', 'sandiego', 32.52, -117.03],
      ['at sea off Old San Juan, Puerto Rico', 'sanjuan', 18.5, -66.1],
    ])('routes a point %s NEAREST to %s', async (_name, consulate, lat, lon) => {
      const m = await consulateAt(f.server.url, lat, lon);
      expect(m.method).toBe('NEAREST');
      expect(m.consulate.id).toBe(consulate);
      expect(m.distanceKm).toBeGreaterThan(0);
      expect(m.distanceKm).toBeLessThanOrEqual(NEAREST_DISTRICT_MAX_M / 1000);
      const ref = await trueNearest(f.t.db, lat, lon);
      expect(ref.consulate_id).toBe(consulate);
      expect(Math.abs(m.distanceKm * 1000 - ref.distance_m)).toBeLessThanOrEqual(1);
    });

    // A raise reads the containing district together with the idempotency key and the person (one round
    // trip) and falls back to the nearest-district query only outside every district: same answer as consulateAt.
    it('routes a raised alert exactly as consulateAt routes its point: contained, nearest and fallback', async () => {
      const points = [...GOLDEN.slice(0, 5).map((p) => [p.lat, p.lon]), [33.92, -118.52], [32.52, -117.03], [40.4168, -3.7038]];
      const methods = new Set<string>();
      for (const [lat, lon] of points) {
        const expected = await consulateAt(f.server.url, lat!, lon!);
        const r = await gql<{ raiseAlert: { consulate: { id: string }; jurisdictionMatch: Match } }>(f.server.url,
          'mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { consulate { id } jurisdictionMatch { method distanceKm consulate { id } } } }',
          { i: { location: { lat, lon }, idempotencyKey: `route-${lat}-${lon}` } }, await personToken(`route-${lat}-${lon}`));
        expect(r.errors).toBeUndefined();
        expect(r.data!.raiseAlert.jurisdictionMatch).toEqual(expected);
        expect(r.data!.raiseAlert.consulate.id).toBe(expected.consulate.id);
        methods.add(expected.method);
      }
      expect([...methods].sort()).toEqual(['CONTAINED', 'FALLBACK', 'NEAREST']);
    });

    it.each([
      // us-atlas (1:10M) includes the Old San Juan islet, so the consulate's own street is inside.
      ['on the coast of Old San Juan', '72127', 18.4655, -66.1057],
      ['in the interior of Puerto Rico (Utuado)', '72141', 18.2655, -66.7005],
      ['in Anchorage, Alaska', '02020', 61.2181, -149.9003],
      ['in Honolulu, Hawaii', '15003', 21.3069, -157.8583],
      ['on Attu Island, west of the antimeridian (172.9° E)', '02016', 52.9, 172.9],
      ['on Adak Island, east of the antimeridian (176.65° W)', '02016', 51.88, -176.65],
    ])('routes a point %s CONTAINED to the office of county %s', async (_name, fips, lat, lon) => {
      const m = await consulateAt(f.server.url, lat, lon);
      expect(m).toEqual({ method: 'CONTAINED', distanceKm: 0, consulate: { id: officeOf(fips) } });
    });

    it('routes a point at 179.9° E near the western Aleutians NEAREST to Alaska’s consulate', async () => {
      const m = await consulateAt(f.server.url, 51.8, 179.9);
      expect(m.method).toBe('NEAREST');
      expect(m.consulate.id).toBe(officeOf('02016'));
      const ref = await trueNearest(f.t.db, 51.8, 179.9);
      expect(ref.distance_m).toBeLessThanOrEqual(NEAREST_DISTRICT_MAX_M);
      expect(Math.abs(m.distanceKm * 1000 - ref.distance_m)).toBeLessThanOrEqual(1);
    });

    // The antimeridian: from 179.99° W the nearest land is the western Aleutians at ~179.5° E. A planar
    // `<->` does not wrap at ±180°, so routing also takes candidates around the point's twin 360° away.
    it('finds the sea at 179.99° W within 25 km of the western Aleutians (brute-force reference)', async () => {
      const ref = await trueNearest(f.t.db, 51.95, -179.99);
      expect(ref.consulate_id).toBe(officeOf('02016'));
      expect(ref.distance_m).toBeGreaterThan(10_000);
      expect(ref.distance_m).toBeLessThanOrEqual(NEAREST_DISTRICT_MAX_M);
    });

    it('routes a point at 179.99° W, ~16 km from the western Aleutians, NEAREST to Alaska’s consulate', async () => {
      const ref = await trueNearest(f.t.db, 51.95, -179.99);
      const m = await consulateAt(f.server.url, 51.95, -179.99);
      expect(m.method).toBe('NEAREST');
      expect(m.consulate.id).toBe(officeOf('02016'));
      expect(Math.abs(m.distanceKm * 1000 - ref.distance_m)).toBeLessThanOrEqual(1);
    });

    it('routes a point at 179.9° W, just beyond 25 km of the western Aleutians, FALLBACK with the true distance', async () => {
      // Before candidates were taken across the antimeridian this reported ~71 km (the nearest part east of it).
      const ref = await trueNearest(f.t.db, 51.8, -179.9);
      expect(ref.distance_m).toBeGreaterThan(NEAREST_DISTRICT_MAX_M);
      expect(ref.distance_m).toBeLessThan(35_000);
      const m = await consulateAt(f.server.url, 51.8, -179.9);
      expect(m.method).toBe('FALLBACK');
      expect(m.consulate.id).toBe('ciam');
      expect(Math.abs(m.distanceKm * 1000 - ref.distance_m)).toBeLessThanOrEqual(1);
    });

    it.each([
      ['deep in Mexico (Mexico City)', 19.43, -99.13],
      ['in the middle of the Pacific', 30, -150],
      ['in the middle of the Atlantic', 35, -40],
    ])('routes a point %s FALLBACK to CIAM', async (_name, lat, lon) => {
      const ref = await trueNearest(f.t.db, lat, lon);
      expect(ref.distance_m).toBeGreaterThan(NEAREST_DISTRICT_MAX_M);
      const m = await consulateAt(f.server.url, lat, lon);
      expect(m.method).toBe('FALLBACK');
      expect(m.consulate.id).toBe('ciam');
      expect(m.distanceKm).toBeGreaterThan(NEAREST_DISTRICT_MAX_M / 1000);
    });

    it('serves all 53 districts as GeoJSON, cacheable, under 500 KB gzipped', async () => {
      const url = `${f.server.url}/geo/districts.geojson`;
      const gz = await rawGet(url, { 'accept-encoding': 'gzip' });
      expect(gz.status).toBe(200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(gz.headers['cache-control']).toMatch(/max-age=\d+/);
      const etag = gz.headers.etag as string;
      expect(etag).toMatch(/^"[^"]+"$/);
      expect(gz.body.length).toBeLessThan(500 * 1024);

      const fc = decode(gz);
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features).toHaveLength(53);
      const ids = fc.features.map((f: { properties: { consulateId: string } }) => f.properties.consulateId).sort();
      expect(ids).toEqual(GOLDEN.map((p) => p.consulateId).sort());
      for (const f of fc.features) {
        expect(f.properties.name).toEqual(expect.any(String));
        expect(f.properties.name.length).toBeGreaterThan(0);
        expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      }

      // Without gzip: the same document, and the same ETag.
      const plain = await rawGet(url);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.etag).toBe(etag);
      expect(decode(plain)).toEqual(fc);
      expect(plain.body.length).toBeGreaterThan(gz.body.length);

      const revalidated = await rawGet(url, { 'if-none-match': etag, 'accept-encoding': 'gzip' });
      expect(revalidated.status).toBe(304);
      expect(revalidated.body.length).toBe(0);
      expect(revalidated.headers.etag).toBe(etag);
      expect((await rawGet(url, { 'if-none-match': '"stale"' })).status).toBe(200);
    });

    it('serves one district by consulate id, and 404 for an unknown one', async () => {
      const one = await rawGet(`${f.server.url}/geo/districts/losangeles.geojson`, { 'accept-encoding': 'gzip' });
      expect(one.status).toBe(200);
      expect(one.headers.etag).toEqual(expect.any(String));
      const fc = decode(one);
      expect(fc.features).toHaveLength(1);
      expect(fc.features[0].properties).toMatchObject({ consulateId: 'losangeles', name: expect.any(String) });
      const all = decode(await rawGet(`${f.server.url}/geo/districts.geojson`));
      expect(fc.features[0]).toEqual(all.features.find((f: { id: string }) => f.id === 'losangeles'));

      expect((await rawGet(`${f.server.url}/geo/districts/atlantis.geojson`)).status).toBe(404);
      // CIAM is an office without a district.
      expect((await rawGet(`${f.server.url}/geo/districts/ciam.geojson`)).status).toBe(404);
    });
  });

  describe('reseeding after a county changes office', () => {
    const f = serverFixture(backend);
    const sanDiego = GOLDEN.find((p) => p.consulateId === 'sandiego')!;

    const state = () => seedSnapshot(f.t.db);


    it('moves a golden point to the new office, and reseeding the same files again changes nothing', { timeout: 300_000 }, async () => {
      expect(await consulateAt(f.server.url, sanDiego.lat, sanDiego.lon)).toEqual({ method: 'CONTAINED', distanceKm: 0, consulate: { id: 'sandiego' } });
      expect((await rawGet(`${f.server.url}/geo/districts/sandiego.geojson`)).status).toBe(200);

      const original = readSeedFiles();
      expect(original.membership.find((r) => r.fips === '06073')).toMatchObject({ county: 'San Diego', officeId: 'sandiego' });
      const files: SeedFiles = {
        ...original,
        membership: original.membership.map((r) => (r.fips === '06073' ? { ...r, officeId: 'losangeles', provenance: 'I' } : r)),
        hash: `${original.hash}+06073-losangeles`,
      };
      await seedDatabase(f.t.db, { files });

      expect(await consulateAt(f.server.url, sanDiego.lat, sanDiego.lon)).toEqual({ method: 'CONTAINED', distanceKm: 0, consulate: { id: 'losangeles' } });
      // The rest of the network is untouched.
      const la = GOLDEN.find((p) => p.consulateId === 'losangeles')!;
      expect((await consulateAt(f.server.url, la.lat, la.lon)).consulate.id).toBe('losangeles');
      const sa = GOLDEN.find((p) => p.consulateId === 'santaana')!;
      expect((await consulateAt(f.server.url, sa.lat, sa.lon)).consulate.id).toBe('santaana');
      // San Diego county was San Diego's only county: its district is gone, from routing and from maps.
      const after = await state();
      expect(after).toMatchObject({ districts: 52, hash: files.hash });
      expect(after.membership).toContain('06073:losangeles');
      expect((await rawGet(`${f.server.url}/geo/districts/sandiego.geojson`)).status).toBe(404);
      expect(decode(await rawGet(`${f.server.url}/geo/districts.geojson`)).features).toHaveLength(52);

      await seedDatabase(f.t.db, { files });
      expect(await state()).toEqual(after);
      expect(await consulateAt(f.server.url, sanDiego.lat, sanDiego.lon)).toEqual({ method: 'CONTAINED', distanceKm: 0, consulate: { id: 'losangeles' } });
    });
  });
});
