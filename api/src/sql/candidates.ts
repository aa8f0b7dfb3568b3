import type { Queryable } from '../db/types.js';
import type { Candidate } from '../domain/ranking.js';

export interface CandidateQuery {
  alertId: string;
  consulateId: string;
  lon: number;
  lat: number;
  /** A position older than this does not count as "nearby". */
  maxLocationAgeSeconds: number;
  /** Advisors of other consulates are considered within this distance (border areas). */
  neighbourRadiusM: number;
}

/**
 * Dispatchable advisors near an alert, nearest first: the responsible consulate's (KNN over the partial
 * GiST index of available, active advisors) plus other consulates' within a radius. Excludes those who
 * already had an offer of this alert, those at capacity, and stale positions. No row locks: capacity is
 * taken by a conditional update when the offer is accepted (see db/CONVENTIONS.md).
 */
export async function findCandidates(q: Queryable, c: CandidateQuery, limit = 20): Promise<Candidate[]> {
  const r = await q.query<{ advisor_id: string; consulate_id: string; distance_m: number; languages: string[] }>(
    `with p as (select ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography as g),
     pool as (
       (select a.id, a.consulate_id, a.languages, a.location from advisors a, p
        where a.active and a.availability = 'AVAILABLE' and a.consulate_id = $1
        order by a.location <-> p.g limit 64)
       union
       (select a.id, a.consulate_id, a.languages, a.location from advisors a, p
        where a.active and a.availability = 'AVAILABLE' and ST_DWithin(a.location, p.g, $5::float8)
        order by a.location <-> p.g limit 64))
     select pool.id as advisor_id, pool.consulate_id, pool.languages, ST_Distance(pool.location, p.g) as distance_m
     from pool join advisors a on a.id = pool.id, p
     where a.active_alerts < a.capacity
       and a.location_at > now() - make_interval(secs => $4::float8)
       and not exists (select 1 from alert_offers o where o.alert_id = $6::uuid and o.advisor_id = pool.id)
     order by distance_m
     limit $7`,
    [c.consulateId, c.lon, c.lat, c.maxLocationAgeSeconds, c.neighbourRadiusM, c.alertId, limit],
  );
  return r.rows.map((x) => ({ advisorId: x.advisor_id, consulateId: x.consulate_id, distanceM: x.distance_m, languages: x.languages }));
}
