import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import type { Db } from '../db/types.js';
import { detailOf } from './districtDetail.js';

export interface Cached {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * Simplified district polygons for maps, as one FeatureCollection (or one consulate's district), at the
 * level of detail asked for (`?detail=low|medium|high`, `low` without it; api/src/http/districtDetail.ts).
 * The outlines are written once per seed or correction (`district_display`); each answer is built from
 * them once per seed and served with an ETag, so clients revalidate cheaply.
 */
export function districtsGeoJson(db: Db) {
  const cache = new Map<string, Cached>();
  let cachedStamp = '';
  const handler = async (req: Request, res: Response) => {
    const detail = detailOf(req);
    if (detail === null) {
      res.status(400).json({ error: 'detail must be low, medium or high' });
      return;
    }
    const id = typeof req.params.consulateId === 'string' ? req.params.consulateId : null;
    if (id !== null && !/^[a-z0-9_-]{2,40}$/.test(id)) {
      res.status(404).json({ error: 'unknown consulate' });
      return;
    }
    const stamp = await db.query<{ seeded_at: Date }>('select seeded_at from seed_state');
    const seededAt = stamp.rows[0]?.seeded_at?.toISOString() ?? '';
    if (seededAt !== cachedStamp) {
      cache.clear(); // reseeded: districts may have changed
      cachedStamp = seededAt;
    }
    const key = `${id ?? '*'}:${detail}`;
    let c = cache.get(key);
    if (!c) {
      const r = await db.query<{ fc: string | null }>(
        `select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                  'type', 'Feature', 'id', c.id,
                  'properties', json_build_object('consulateId', c.id, 'name', c.name, 'counties', d.county_count),
                  'geometry', coalesce(dd.geojson, d.display_geojson)::json) order by c.id), '[]'::json))::text as fc
         from districts d join consulates c on c.id = d.consulate_id
         -- the 1:10M outline only until a database migrated to 0016 is reseeded
         left join district_display dd on dd.consulate_id = d.consulate_id and dd.level = $2
         where $1::text is null or c.id = $1`,
        [id, detail],
      );
      const body = Buffer.from(r.rows[0]?.fc ?? '{"type":"FeatureCollection","features":[]}');
      if (id !== null && body.length < 60) {
        res.status(404).json({ error: 'unknown consulate' });
        return;
      }
      c = cached(body);
      cache.set(key, c);
    }
    sendCached(req, res, c, 300);
  };
  /** What is cached (tests: refused requests add nothing). */
  return Object.assign(handler, { cachedKeys: () => [...cache.keys()] });
}

export const cached = (body: Buffer): Cached => ({ body, gzip: gzipSync(body), etag: `"${createHash('sha1').update(body).digest('base64url')}"` });

/** GeoJSON with an ETag (304 when the client has it), gzipped when the client takes it. */
export function sendCached(req: Request, res: Response, c: Cached, maxAgeS: number): void {
  res.setHeader('ETag', c.etag);
  res.setHeader('Cache-Control', `public, max-age=${maxAgeS}, must-revalidate`);
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === c.etag) {
    res.status(304).end();
    return;
  }
  res.type('application/geo+json');
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    res.setHeader('Content-Encoding', 'gzip');
    res.send(c.gzip);
  } else res.send(c.body);
}

/**
 * State borders for the console's offline map: the lines between states (us-atlas 1:10M, the same
 * source as the counties), built once from the package on first request. Coasts come from the districts.
 */
export function statesGeoJson() {
  let c: Cached | null = null;
  return (req: Request, res: Response) => {
    if (!c) {
      const topo = createRequire(import.meta.url)('us-atlas/states-10m.json') as Topology<{ states: GeometryCollection }>;
      const borders = mesh(topo, topo.objects.states, (a, b) => a !== b);
      const body = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { kind: 'state-border' }, geometry: borders }] }));
      c = cached(body);
    }
    sendCached(req, res, c, 86_400);
  };
}
