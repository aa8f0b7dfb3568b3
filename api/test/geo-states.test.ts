import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { backends } from './support/db.js';
import { serverFixture } from './support/server.js';

/** GET /geo/states.geojson: the state borders of the console's offline map, cacheable and small. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

describe.each(backends().slice(0, 1))('state borders on %s', (backend) => {
  const f = serverFixture(backend);

  it('serves the lines between states as one MultiLineString, gzipped, with an ETag that revalidates', async () => {
    const url = `${f.server.url}/geo/states.geojson`;
    const r = await rawGet(url, { 'accept-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.body.length).toBeLessThan(200 * 1024);
    const fc = JSON.parse(gunzipSync(r.body).toString()) as { features: Array<{ geometry: { type: string; coordinates: number[][][] } }> };
    expect(fc.features).toHaveLength(1);
    const g = fc.features[0]!.geometry;
    expect(g.type).toBe('MultiLineString');
    expect(g.coordinates.length).toBeGreaterThan(50);
    // The California-Arizona border runs along the Colorado River near 114.6 W.
    const nearCaAz = g.coordinates.some((line) => line.some(([x, y]) => Math.abs(x! + 114.6) < 0.3 && y! > 32.5 && y! < 35));
    expect(nearCaAz).toBe(true);
    const again = await rawGet(url, { 'if-none-match': String(r.headers.etag) });
    expect(again.status).toBe(304);
  });
});
