import type { Queryable } from '../db/types.js';
import type { Point } from '../domain/geo.js';

export interface Candidate {
  advisor_id: string;
  distance_m: number;
}

/**
 * The nearest dispatchable advisor of a consulate: KNN over the partial GiST index (available, active
 * advisors only). No row lock here: on PostgreSQL 15 + PostGIS 3.3 KNN with `for update skip locked`
 * fails ("attempted to lock invisible tuple"); the claim is a conditional update elsewhere.
 */
export async function nearestAvailableAdvisor(q: Queryable, consulateId: string, p: Point): Promise<Candidate | null> {
  const r = await q.query<Candidate>(
    `select id as advisor_id,
            ST_Distance(location, ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography) as distance_m
     from advisors
     where active and availability = 'AVAILABLE' and consulate_id = $1 and location is not null
       and active_alerts < capacity
     order by location <-> ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography
     limit 1`,
    [consulateId, p.lon, p.lat],
  );
  return r.rows[0] ?? null;
}
