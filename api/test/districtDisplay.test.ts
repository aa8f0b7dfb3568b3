import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import { countyOfficeOf, inRings, pointsNearDistrictLines, type LinePoint } from './support/districtLines.js';
import { decode, rawGet } from './support/rawGet.js';
import { districtsGeoJson } from '../src/http/geo.js';

/** Upper bounds of each level, gzipped as served (measured 2026-12-04: about 0.1, 0.4 and 0.9 MB; docs/DISTRICTS.md). */
const MAX_GZIP_BYTES = { low: 200_000, medium: 600_000, high: 1_300_000 } as const;
const LEVELS = ['low', 'medium', 'high'] as const;

interface DistrictFeature {
  id: string;
  properties: { consulateId: string; name: string };
  geometry: Polygon | MultiPolygon;
}

const polygonsOf = (g: Polygon | MultiPolygon): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
const vertices = (fs: DistrictFeature[]) => fs.reduce((n, f) => n + polygonsOf(f.geometry).flat().reduce((m, r) => m + r.length, 0), 0);

/** The district whose outline holds the point (null: none). */
function districtAt(features: DistrictFeature[], lon: number, lat: number): string | null {
  return features.find((f) => polygonsOf(f.geometry).some((p) => inRings(p, lon, lat)))?.properties.consulateId ?? null;
}

/**
 * Issue 23: the console draws district outlines per zoom from the fine (1:500,000) county lines, served at
 * three levels (`?detail=low|medium|high`), precomputed (db/migrations/0016_district_display_levels.sql),
 * and never anything a request's parameters could make the server compute or cache.
 */
describe.each(backends())('district outlines per level of detail on %s', (backend) => {
  let t: TestDb;
  let http: Server;
  let base: string;
  const handler = { current: null as ReturnType<typeof districtsGeoJson> | null };
  beforeAll(async () => {
    t = await cloneTestDb(backend);
    const h = districtsGeoJson(t.db);
    handler.current = h;
    const app = express();
    app.get('/geo/districts.geojson', h);
    app.get('/geo/districts/:consulateId.geojson', h);
    http = app.listen(0, '127.0.0.1');
    await new Promise((r) => http.once('listening', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }, 300_000);
  afterAll(async () => {
    await new Promise((r) => http?.close(r));
    await t?.dispose();
  });

  const level = async (detail: string) => decode(await rawGet(`${base}/geo/districts.geojson?detail=${detail}`)).features as DistrictFeature[];

  it('serves each level as GeoJSON of the 53 districts, closed rings, gzipped within its bound, finer level by level', async () => {
    const counts: number[] = [];
    for (const detail of LEVELS) {
      const r = await rawGet(`${base}/geo/districts.geojson?detail=${detail}`, { 'accept-encoding': 'gzip' });
      expect(r.status, detail).toBe(200);
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(r.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(r.body.length, `${detail}: ${r.body.length} bytes gzipped`).toBeLessThan(MAX_GZIP_BYTES[detail]);
      const fc = decode(r);
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features).toHaveLength(53);
      for (const f of fc.features as DistrictFeature[]) {
        expect(f.geometry.type).toBe('MultiPolygon');
        for (const ring of polygonsOf(f.geometry).flat()) {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          for (const [x, y] of ring) expect(Math.abs(x!) <= 180 && Math.abs(y!) <= 90 && Number.isFinite(x! + y!)).toBe(true);
        }
      }
      counts.push(vertices(fc.features));
    }
    expect(counts[1]).toBeGreaterThan(counts[0]! * 2);
    expect(counts[2]).toBeGreaterThan(counts[1]! * 2);

    // Without `detail`: the low level, the very same bytes (what the URL served before it had levels).
    const bare = await rawGet(`${base}/geo/districts.geojson`, { 'accept-encoding': 'gzip' });
    const low = await rawGet(`${base}/geo/districts.geojson?detail=low`, { 'accept-encoding': 'gzip' });
    expect(bare.headers.etag).toBe(low.headers.etag);
    expect((await rawGet(`${base}/geo/districts.geojson?detail=high`)).headers.etag).not.toBe(low.headers.etag);
    // One district at a level, as the console's evidence panel asks for it.
    const one = decode(await rawGet(`${base}/geo/districts/losangeles.geojson?detail=high`)).features as DistrictFeature[];
    expect(one).toEqual((await level('high')).filter((f) => f.id === 'losangeles'));
  });

  describe('near the lines between districts (the routing tests\' points: 100 m, 500 m and 1 km out)', () => {
    let points: LinePoint[];
    let truth: ReturnType<typeof countyOfficeOf>;
    beforeAll(async () => {
      points = await pointsNearDistrictLines(t.db);
      truth = countyOfficeOf(points);
    }, 300_000);

    const agreement = (features: DistrictFeature[], only = (_p: LinePoint) => true) => {
      const chosen = points.flatMap((p, i) => (only(p) ? [i] : []));
      return chosen.filter((i) => districtAt(features, points[i]!.lon, points[i]!.lat) === truth[i]!.office).length / chosen.length;
    };

    it('the high level puts at least 99% of them (every one at 100 m) in the district routing picks; the low level fewer', async () => {
      const high = await level('high');
      const low = await level('low');
      expect(agreement(high)).toBeGreaterThanOrEqual(0.99);
      expect(agreement(high, (p) => p.offsetM === 100)).toBeGreaterThanOrEqual(0.99);
      const coarse = agreement(low, (p) => p.offsetM === 100);
      expect(coarse).toBeLessThan(agreement(high, (p) => p.offsetM === 100));
    }, 120_000);
  });

  it('refuses any other detail, repeated or unknown parameters with 400 before touching the database or the cache', async () => {
    await rawGet(`${base}/geo/districts.geojson?detail=medium`);
    const before = handler.current!.cachedKeys().sort();
    const bad = [
      '?detail=ultra',
      '?detail=LOW',
      '?detail=',
      '?detail=low&detail=high',
      '?detail[]=low',
      '?bbox=-120,30,-110,40',
      '?detail=high&bbox=-120,30,-110,40',
      `?detail=${'x'.repeat(5000)}`,
    ];
    for (const q of bad) {
      const r = await rawGet(`${base}/geo/districts.geojson${q}`);
      expect(r.status, q).toBe(400);
      expect(decode(r)).toEqual({ error: 'detail must be low, medium or high' });
      expect((await rawGet(`${base}/geo/districts/losangeles.geojson${q}`)).status, q).toBe(400);
    }
    expect(handler.current!.cachedKeys().sort()).toEqual(before);
    expect(before.every((k) => /^(\*|[a-z]+):(low|medium|high)$/.test(k))).toBe(true);
  });
});
