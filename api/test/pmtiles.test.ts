import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FetchSource, PMTiles } from 'pmtiles';
import { backends } from './support/db.js';
import { serverFixture } from './support/server.js';
import { pmtilesArchive } from './support/pmtilesArchive.js';
import { loadConfig } from '../src/config.js';
import { BASEMAP_PATH } from '../src/http/pmtiles.js';

/**
 * GET /map/basemap.pmtiles: the optional self-hosted basemap (MAP_PMTILES), read by the browser in
 * range requests. A hand-built archive of three tiles stands in for a real extract (docs/MAPS.md).
 */
const dir = mkdtempSync(join(tmpdir(), 'alerta-pmtiles-'));
const FILE = join(dir, 'tiny.pmtiles');
const TILES = [
  { z: 0, x: 0, y: 0, data: Buffer.from('tile 0/0/0') },
  { z: 1, x: 0, y: 1, data: Buffer.from('tile 1/0/1, a little longer') },
  { z: 1, x: 1, y: 1, data: Buffer.from('tile 1/1/1') },
];
const ARCHIVE = pmtilesArchive(TILES, { name: 'tiny', attribution: '© OpenStreetMap' });
writeFileSync(FILE, ARCHIVE);
const SIZE = ARCHIVE.length;

/** A raw request: fetch would normalise `..` away before it reaches the server. */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('latin1')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('MAP_PMTILES configuration', () => {
  const base = { AUTH_JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/nonexistent' };
  it('is off by default, names an existing file, and stops the start when the file is missing', () => {
    expect(loadConfig(base).mapPmtiles).toBeNull();
    expect(loadConfig({ ...base, MAP_PMTILES: FILE }).mapPmtiles).toBe(FILE);
    expect(() => loadConfig({ ...base, MAP_PMTILES: join(dir, 'missing.pmtiles') })).toThrow(/MAP_PMTILES must name a PMTiles file/);
    expect(() => loadConfig({ ...base, MAP_PMTILES: dir })).toThrow(/MAP_PMTILES/);
  });
});

// The route never touches the database: one backend is enough.
const backend = backends()[0]!;

describe(`GET ${BASEMAP_PATH} on ${backend}`, () => {
  const on = serverFixture(backend, { mapPmtiles: FILE });
  const off = serverFixture(backend);

  it('serves the whole file, and a byte range as 206 with Content-Range', async () => {
    const all = await fetch(on.server.url + BASEMAP_PATH);
    expect(all.status).toBe(200);
    expect(all.headers.get('accept-ranges')).toBe('bytes');
    expect(all.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await all.arrayBuffer()).equals(ARCHIVE)).toBe(true);

    const head = await fetch(on.server.url + BASEMAP_PATH, { headers: { range: 'bytes=0-126' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 0-126/${SIZE}`);
    expect(Buffer.from(await head.arrayBuffer()).equals(ARCHIVE.subarray(0, 127))).toBe(true);
    const tail = await fetch(on.server.url + BASEMAP_PATH, { headers: { range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(ARCHIVE.subarray(SIZE - 10))).toBe(true);
  });

  it('answers 416 with the size to a range past the end, and ignores a malformed one (whole file)', async () => {
    const past = await fetch(on.server.url + BASEMAP_PATH, { headers: { range: `bytes=${SIZE}-${SIZE + 100}` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${SIZE}`);
    expect((await past.arrayBuffer()).byteLength).toBe(0);
    const bad = await fetch(on.server.url + BASEMAP_PATH, { headers: { range: 'bytes=abc' } });
    expect(bad.status).toBe(200);
    expect((await bad.arrayBuffer()).byteLength).toBe(SIZE);
  });

  it('is read by the real PMTiles client (the one the maps use) through range requests', async () => {
    const archive = new PMTiles(new FetchSource(on.server.url + BASEMAP_PATH));
    const header = await archive.getHeader();
    expect(header).toMatchObject({ specVersion: 3, minZoom: 0, maxZoom: 1, numAddressedTiles: 3 });
    for (const t of TILES) {
      const tile = await archive.getZxy(t.z, t.x, t.y);
      expect(Buffer.from(tile!.data).toString()).toBe(t.data.toString());
    }
    expect(await archive.getZxy(1, 0, 0)).toBeUndefined();
    expect(await archive.getMetadata()).toMatchObject({ name: 'tiny' });
  });

  it('serves that one file only: no path under /map reaches the disk', async () => {
    for (const path of ['/map/../package.json', '/map/..%2f..%2fpackage.json', `${BASEMAP_PATH}/..%2f..%2fpackage.json`, '/map/%2e%2e/%2e%2e/etc/passwd', `/map/${encodeURIComponent(FILE)}`]) {
      const r = await rawGet(on.server.url, path);
      expect(r.body, path).not.toContain('alerta-consular');
      expect(r.body, path).not.toContain('root:');
      expect(r.body, path).not.toContain('PMTiles');
    }
  });

  it('answers 404 when no basemap is configured (the maps keep their offline style), and app-config says which', async () => {
    const config = async (url: string) => ((await (await fetch(`${url}/app-config.json`)).json()) as { basemap: boolean }).basemap;
    expect(await config(on.server.url)).toBe(true);
    expect(await config(off.server.url)).toBe(false);
    const r = await fetch(off.server.url + BASEMAP_PATH);
    expect(r.status).toBe(404);
    expect((await fetch(off.server.url + BASEMAP_PATH, { headers: { range: 'bytes=0-126' } })).status).toBe(404);
  });
});
