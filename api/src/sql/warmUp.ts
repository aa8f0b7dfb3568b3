import type { Queryable } from '../db/types.js';
import { findCandidates } from './candidates.js';
import { alertByIdStatement, insertNewAlert, raiseContext } from './alerts.js';
import { createOfferStatement } from './dispatch.js';
import { allEventsAfter, appendNoEvents } from './events.js';
import { routePoint } from './routing.js';

const NOBODY = '00000000-0000-4000-8000-000000000000';

/**
 * The statements of the raise path and of event delivery, run once on each new database connection before
 * it serves a request: the backend loads PostGIS and reads the catalogue entries of these tables, indexes,
 * triggers and functions now, not during the first raise it carries (measured on a fresh backend: the
 * first routing query 12–17 ms, the next ones under 1 ms; with the reads warmed, the first raise still took
 * 9–10 ms against 4–7 ms for the next ones, and in the benchmark the first second at a higher rate, when
 * the pool first used its idle connections, had transactions of 100 ms and more).
 *
 * The reads run as they are: the point (0, 0) is at sea, so both routing queries run; nothing is found.
 * The writes (the alert with its track point and candidates, an offer, the event append without events,
 * the alert read at commit) run in a transaction that is rolled back: nothing stays, no notification is
 * sent, no event sequence number is drawn (`appendNoEvents`), and the event writers' lock is held for
 * the length of one empty insert.
 */
export async function warmUpConnection(q: Queryable): Promise<void> {
  const point = { lon: 0, lat: 0, accuracyM: null };
  await raiseContext(q, NOBODY, NOBODY, point);
  const match = await routePoint(q, point);
  await findCandidates(q, { alertId: NOBODY, consulateId: 'none', lon: 0, lat: 0, maxLocationAgeSeconds: 1, neighbourRadiusM: 1 }, 1);
  await allEventsAfter(q, Number.MAX_SAFE_INTEGER);

  await q.query('begin');
  try {
    const alert = await insertNewAlert(q, {
      personId: NOBODY, idempotencyKey: NOBODY, requestHash: 'warm-up', kind: 'IMMINENT_DETENTION', note: null, point, match, personLanguage: null,
    }, new Date(), { maxLocationAgeSeconds: 1e9, neighbourRadiusM: 1e9 });
    if (alert) {
      const advisor = alert.candidates[0];
      if (advisor) await q.query(createOfferStatement(alert.id, advisor.advisorId, advisor.distanceM, 1));
      await appendNoEvents(q);
      await q.query(alertByIdStatement(alert.id));
    }
  } finally {
    await q.query('rollback');
  }
}
