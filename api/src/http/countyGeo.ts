import type { Request, Response } from 'express';
import type { Db } from '../db/types.js';
import { UNCERTAIN_COUNTY_SQL } from '../sql/districts.js';
import { cached, sendCached, type Cached } from './geo.js';

/**
 * The counties where routing is uncertain (inferred, recalled or weakly sourced, and not corrected), as
 * one FeatureCollection for the console's "uncertain counties" shading. Each feature says why
 * (`uncertainty`: INFERRED, RECALLED or WEAK) and which office it is routed to. Public reference data,
 * like the districts; rebuilt when the seed stamp moves (a reseed or a county correction).
 */
export function uncertainCountiesGeoJson(db: Db) {
  let c: Cached | null = null;
  let stamp = '';
  return async (req: Request, res: Response) => {
    const s = await db.query<{ seeded_at: Date }>('select seeded_at from seed_state');
    const now = s.rows[0]?.seeded_at?.toISOString() ?? '';
    if (!c || now !== stamp) {
      const r = await db.query<{ fc: string }>(
        `select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                  'type', 'Feature', 'id', c.fips,
                  'properties', json_build_object('fips', c.fips, 'name', c.name, 'state', c.state,
                    'consulateId', c.consulate_id, 'provenance', c.provenance, 'evidenceStrength', c.evidence_strength,
                    'uncertainty', case c.provenance when 'I' then 'INFERRED' when 'R' then 'RECALLED' else 'WEAK' end),
                  -- the same tolerance as the districts' display copy, so shading and outlines agree
                  'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(c.geom, 0.01), 3)::json) order by c.fips), '[]'::json))::text as fc
         from counties c where c.geom is not null and ${UNCERTAIN_COUNTY_SQL}`,
      );
      c = cached(Buffer.from(r.rows[0]!.fc));
      stamp = now;
    }
    sendCached(req, res, c, 300);
  };
}
