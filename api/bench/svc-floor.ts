/**
 * The floor: the database work a raise (and a location report) cannot avoid, with nothing above it: the
 * service's own `raiseAlert` (the product's statements, decision and transaction, not a copy of them) on
 * the production pool adapter (`openPg`), with no HTTP, GraphQL, auth, event delivery or statement timing.
 * Run closed loop with the same concurrency and the same pool size as the service, for the service ÷
 * floor ratio.
 */
import { randomUUID } from 'node:crypto';
import { openPg } from '../src/db/pg.js';
import type { DispatchConfig } from '../src/config.js';
import { raiseAlert } from '../src/services/raiseAlert.js';
import { LocationWriter } from '../src/services/locationWriter.js';
import { plausibilitySet } from '../src/sql/plausibility.js';
import type { Db } from '../src/db/types.js';
import type { LonLat } from '../sim/geo.js';

export interface FloorResult {
  count: number;
  errors: number;
  elapsedMs: number;
  latencies: number[];
}

/** One raise as the service runs it (`raiseAlert`), for a person of its own, straight on the pool. */
export async function floorRaise(db: Db, dispatch: DispatchConfig, p: LonLat, person: string): Promise<void> {
  const viewer = { role: 'PERSON' as const, sub: person, exp: 0 };
  const req = { point: { ...p, accuracyM: 25 }, idempotencyKey: randomUUID(), kind: 'IMMINENT_DETENTION' as const, note: null, hash: 'floor' };
  const { row } = await raiseAlert({ db, dispatch }, viewer, req);
  if (!row) throw new Error('the floor raise created nothing');
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

export async function runFloorRaises(url: string, poolMax: number, dispatch: DispatchConfig, concurrency: number, durationS: number, points: LonLat[], now: () => number): Promise<FloorResult> {
  const db = openPg({ connectionString: url, max: poolMax });
  try {
    await closedLoop(Math.min(concurrency, 4), 1, (i) => floorRaise(db, dispatch, points[i % points.length]!, `floor-warm-${i}`), now);
    return await closedLoop(concurrency, durationS, (i) => floorRaise(db, dispatch, points[i % points.length]!, `floor-${i}`), now);
  } finally {
    await db.close();
  }
}

/**
 * One advisor's position as a single-row UPDATE, what the service ran before group commit, with the
 * rules of `setAdvisorLocations` (only active advisors, an older fix ignored, the plausibility columns).
 * Bare SQL of the bench's own: the service no longer sends it.
 */
const POINT = 'ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography';
const SINGLE_ROW_LOCATION = `update advisors set location = ${POINT}, location_at = $4,
       changed_at = clock_timestamp(), ${plausibilitySet(POINT, '$4::timestamptz')}
     where id = $1::uuid and active and (location_at is null or location_at <= $4)`;

/** Location reports as the single-row UPDATE: the floor, same concurrency. */
export async function runFloorIngest(url: string, poolMax: number, advisors: Array<LonLat & { id: string }>, concurrency: number, durationS: number, now: () => number): Promise<FloorResult> {
  const db = openPg({ connectionString: url, max: poolMax });
  const steps = new Array<number>(concurrency).fill(0);
  try {
    return await closedLoop(concurrency, durationS, async (_i, w) => {
      const a = advisors[w]!;
      await db.query(SINGLE_ROW_LOCATION, [a.id, a.lon + 0.0001 * (++steps[w]! % 50), a.lat, new Date()]);
    }, now);
  } finally {
    await db.close();
  }
}

/**
 * Location reports through the service's group-commit writer (one `setAdvisorLocations` statement per
 * batch) with no HTTP, GraphQL or auth: the database side of what the service now does, same concurrency.
 */
export async function runFloorIngestBatched(url: string, poolMax: number, advisors: Array<LonLat & { id: string }>, concurrency: number, durationS: number, now: () => number): Promise<FloorResult & { statements: number }> {
  const q = openPg({ connectionString: url, max: poolMax });
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
    await q.close();
  }
}
