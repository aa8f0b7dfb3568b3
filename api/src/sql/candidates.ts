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

/** Where a candidate query takes its values: placeholders (`$n`) or SQL expressions of the enclosing statement. */
export interface CandidateSlots {
  consulateId: string;
  lon: string;
  lat: string;
  maxLocationAgeSeconds: string;
  neighbourRadiusM: string;
  /** The alert whose earlier offers exclude advisors (`null` for an alert that has none yet). */
  alertId: string;
  limit: string;
}

/** Who may be offered the alert right now (the pool's filter); a flagged position (sql/plausibility.ts) is not a place. */
export function dispatchable(s: CandidateSlots): string {
  return `a.active and a.availability = 'AVAILABLE' and a.active_alerts < a.capacity and not a.location_suspect
  and a.location_at > now() - make_interval(secs => ${s.maxLocationAgeSeconds}::float8)
  and not exists (select 1 from alert_offers o where o.alert_id = ${s.alertId}::uuid and o.advisor_id = a.id)`;
}

/**
 * Dispatchable advisors near an alert, nearest first: the responsible consulate's (KNN over the partial
 * GiST index of available, active advisors) plus other consulates' within a radius. Excludes those who
 * already had an offer of this alert, those at capacity, and stale positions. No row locks: capacity is
 * taken by a conditional update when the offer is accepted (see db/CONVENTIONS.md).
 *
 * Fix: the exclusions are applied inside each KNN branch, and the result is no longer cut to the 20
 * nearest. Before, (1) the pool took the 64 nearest before dropping stale, full or already-offered
 * advisors, so 64 such nearer advisors hid every dispatchable one behind them, and (2) the 20 nearest by
 * raw distance were kept before ranking, so 20 nearer neighbour-consulate advisors hid the home
 * consulate's, and 20 nearer advisors without the person's language hid the one who speaks it, against
 * the rules of api/src/domain/ranking.ts. The pool is at most 2 x 64 rows: ranking sees all of them.
 * (A language speaker farther than the 64 nearest dispatchable home advisors is still out of reach.)
 */
export function candidatesSql(s: CandidateSlots): string {
  const point = `ST_SetSRID(ST_MakePoint(${s.lon}::float8, ${s.lat}::float8), 4326)::geography`;
  // The point is written inline (not in a CTE) so each ORDER BY is an index-ordered KNN scan; the
  // neighbours' branch takes the nearest first and cuts at the radius after (measured 4x faster,
  // same advisors in the same order: api/bench/svc-knn.ts). When the nearest of all are the home
  // consulate's, they are its nearest too and its own scan is skipped (a one-time filter): the usual case
  // well inside a district, a quarter of the query's time.
  return `with nearest as (
       select a.id, a.consulate_id, a.languages, a.location from advisors a
       where ${dispatchable(s)}
       order by a.location <-> ${point} limit ${s.limit}),
     pool as (
       (select a.id, a.consulate_id, a.languages, a.location from advisors a
        where (select count(*) from nearest where nearest.consulate_id = ${s.consulateId}) < ${s.limit}
          and ${dispatchable(s)} and a.consulate_id = ${s.consulateId}
        order by a.location <-> ${point} limit ${s.limit})
       union
       (select n.* from nearest n
        where n.consulate_id = ${s.consulateId} or ST_DWithin(n.location, ${point}, ${s.neighbourRadiusM}::float8)))
     select pool.id as advisor_id, pool.consulate_id, pool.languages, ST_Distance(pool.location, ${point}) as distance_m
     from pool
     order by distance_m`;
}

const FIND_CANDIDATES = candidatesSql({
  consulateId: '$1', lon: '$2', lat: '$3', maxLocationAgeSeconds: '$4', neighbourRadiusM: '$5', alertId: '$6', limit: '$7',
});

export interface CandidateRow {
  advisor_id: string;
  consulate_id: string;
  distance_m: number;
  languages: string[];
}

export const candidateOf = (x: CandidateRow): Candidate => ({ advisorId: x.advisor_id, consulateId: x.consulate_id, distanceM: x.distance_m, languages: x.languages });

/** `candidatesSql` on its own (an alert offered again: after a decline, an expiry, a withdrawal). */
export async function findCandidates(q: Queryable, c: CandidateQuery, limit = 64): Promise<Candidate[]> {
  const r = await q.query<CandidateRow>(
    FIND_CANDIDATES,
    [c.consulateId, c.lon, c.lat, c.maxLocationAgeSeconds, c.neighbourRadiusM, c.alertId, limit],
    { name: 'find_candidates' },
  );
  return r.rows.map(candidateOf);
}
