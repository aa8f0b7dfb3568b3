/**
 * The floor: the database work a raise (and a location report) cannot avoid, as bare SQL through `pg`,
 * with the service's own statements (api/src/sql) and no HTTP, GraphQL, auth or event delivery. Run
 * closed loop with the same concurrency and the same pool size as the service, for the service ÷ floor
 * ratio.
 */
import pg from 'pg';
import { asQueryable, transactionOn } from '../src/db/pg.js';
import { routeFrom } from '../src/sql/routing.js';
import { findCandidates } from '../src/sql/candidates.js';
import { insertNewAlert, raiseContextAndInsert } from '../src/sql/alerts.js';
import { createOfferStatement } from '../src/sql/dispatch.js';
import { appendEventsLast, type NewEvent } from '../src/sql/events.js';
import { setAdvisorLocation } from '../src/sql/roster.js';
import { LocationWriter } from '../src/services/locationWriter.js';
import { rankCandidates } from '../src/domain/ranking.js';
import type { LonLat } from '../sim/geo.js';

/** A pg.Pool or a checked-out client as the service's Queryable. */
export const queryable = asQueryable;

export interface FloorResult {
  count: number;
  errors: number;
  elapsedMs: number;
  latencies: number[];
}

/**
 * One raise, minimal: BEGIN, the first read (the key, the person, the district containing the point) and the
 * insert of the alert (with its first track point and its KNN candidates) in one message, as the service
 * sends them, then open the offer,
 * then the event writers' advisory lock, both events (RAISED, OFFERED) in one insert and pg_notify, and the
 * commit, in one message as the service sends them. The lock is taken last, as docs/DESIGN.md asks, so the
 * serialised section is lock + insert + notify + commit.
 */
export type CandidatesFn = typeof findCandidates;

export async function floorRaise(pool: pg.Pool, p: LonLat, person: string, candidates: CandidatesFn = findCandidates): Promise<void> {
  const client = await pool.connect();
  const t = transactionOn(client);
  const q = t.q;
  try {
    const point = { ...p, accuracyM: 25 };
    // As the service: BEGIN, the first read (key, person, containing district) and the insert in one message;
    // outside every district, the nearest district and then the insert.
    const request = { personId: person, idempotencyKey: 'k', requestHash: 'floor', kind: 'IMMINENT_DETENTION', note: null, point };
    const reach = { maxLocationAgeSeconds: 600, neighbourRadiusM: 30_000 };
    const first = await raiseContextAndInsert(q, request, new Date(), reach);
    const match = await routeFrom(q, point, first.containedIn);
    const ins = first.containedIn ? first.inserted : await insertNewAlert(q, { ...request, match, personLanguage: first.personLanguage }, new Date(), reach);
    // As the service: the candidates come with the insert; a variant under comparison runs on its own.
    const cands = candidates === findCandidates ? ins!.candidates : await candidates(q, {
      alertId: ins!.id, consulateId: match.consulate_id, lon: p.lon, lat: p.lat, maxLocationAgeSeconds: 600, neighbourRadiusM: 30_000,
    });
    const best = rankCandidates(cands, { consulateId: match.consulate_id, language: null })[0];
    const ev = (type: NewEvent['type'], from: NewEvent['fromStatus'], to: NewEvent['toStatus']): NewEvent => ({
      alertId: ins!.id, consulateId: match.consulate_id, type, fromStatus: from, toStatus: to, actorRole: 'SYSTEM', actorId: null,
    });
    // The offer goes in the message that appends the events and commits, as the service sends it.
    await appendEventsLast(q, best ? [ev('RAISED', null, 'RAISED'), ev('OFFERED', 'RAISED', 'OFFERED')] : [ev('RAISED', null, 'RAISED')], null,
      best ? [createOfferStatement(ins!.id, best.advisorId, best.distanceM, 3600)] : []);
    await t.commit();
  } catch (err) {
    await t.rollback().catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** `concurrency` loops for `durationS`, each running `op(i)` back to back; returns throughput and latencies. */
export async function closedLoop(concurrency: number, durationS: number, op: (i: number, worker: number) => Promise<void>, now: () => number): Promise<FloorResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = now();
  const end = start + durationS * 1000;
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    while (now() < end) {
      const i = next++;
      const t0 = now();
      try {
        await op(i, w);
        latencies.push(now() - t0);
      } catch {
        errors++;
      }
    }
  }));
  return { count: latencies.length, errors, elapsedMs: now() - start, latencies };
}

export async function runFloorRaises(url: string, poolMax: number, concurrency: number, durationS: number, points: LonLat[], now: () => number, candidates: CandidatesFn = findCandidates, tag = 'floor'): Promise<FloorResult> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  try {
    await closedLoop(Math.min(concurrency, 4), 1, (i) => floorRaise(pool, points[i % points.length]!, `${tag}-warm-${i}`, candidates), now);
    return await closedLoop(concurrency, durationS, (i) => floorRaise(pool, points[i % points.length]!, `${tag}-${i}`, candidates), now);
  } finally {
    await pool.end();
  }
}

/** Location reports as the single-row UPDATE (setAdvisorLocation, what the service ran before group commit): the floor, same concurrency. */
export async function runFloorIngest(url: string, poolMax: number, advisors: Array<LonLat & { id: string }>, concurrency: number, durationS: number, now: () => number): Promise<FloorResult> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  const q = queryable(pool);
  const steps = new Array<number>(concurrency).fill(0);
  try {
    return await closedLoop(concurrency, durationS, async (_i, w) => {
      const a = advisors[w]!;
      await setAdvisorLocation(q, a.id, a.lon + 0.0001 * (++steps[w]! % 50), a.lat, new Date());
    }, now);
  } finally {
    await pool.end();
  }
}

/**
 * Location reports through the service's group-commit writer (one `setAdvisorLocations` statement per
 * batch) with no HTTP, GraphQL or auth: the database side of what the service now does, same concurrency.
 */
export async function runFloorIngestBatched(url: string, poolMax: number, advisors: Array<LonLat & { id: string }>, concurrency: number, durationS: number, now: () => number): Promise<FloorResult & { statements: number }> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  const q = queryable(pool);
  let statements = 0;
  const writer = new LocationWriter({
    query: (sql, params) => {
      statements++;
      return q.query(sql, params);
    },
    exec: q.exec,
  });
  const steps = new Array<number>(concurrency).fill(0);
  try {
    const r = await closedLoop(concurrency, durationS, async (_i, w) => {
      const a = advisors[w]!;
      if (!(await writer.report({ advisorId: a.id, lon: a.lon + 0.0001 * (++steps[w]! % 50), lat: a.lat, at: new Date() }))) throw new Error('not stored');
    }, now);
    return { ...r, statements };
  } finally {
    await writer.dispose();
    await pool.end();
  }
}
