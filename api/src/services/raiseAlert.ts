import { AppError, ErrorCode } from '../domain/errors.js';
import type { RaiseRequest } from '../domain/raiseInput.js';
import type { Viewer } from '../domain/viewer.js';
import { alertByIdStatement, alertByIdempotencyKey, insertNewAlert, raiseContextAndInsert } from '../sql/alerts.js';
import type { AlertRow } from '../sql/rows.js';
import { routeFrom } from '../sql/routing.js';
import { offerNext } from './offers.js';
import { dispatchTx, readAtCommit, SYSTEM, record, transition, type CommittedEvent, type DispatchDeps } from './transition.js';
import { setFlags } from '../sql/dispatch.js';

/** Why the control room should look twice at a new alert (`recentRaises` counts the new one too). */
export function flagsFor(recentRaises: number, raiseLimitPer10Min: number, method: string): string[] {
  const flags: string[] = [];
  if (recentRaises > raiseLimitPer10Min) flags.push('RATE_LIMITED');
  if (method === 'FALLBACK') flags.push('OUTSIDE_COVERAGE');
  return flags;
}

/**
 * Accepts an alert: routes it to the responsible consulate, offers it to the nearest available
 * advisor there, and stores the alert with its first events in one transaction. Idempotent on
 * (person, idempotencyKey): a retry, sequential or concurrent, returns the same alert id.
 *
 * Returns the alert as stored (read at the end of the transaction) and the events it committed when this
 * call created it, so the answer needs no second trip to the pool and the events reach this process's
 * control rooms without a read (`EventHub.deliverCommitted`). Every read runs on the transaction's one
 * connection (under load each separate trip waited its turn for a pool connection). Round trips are few on
 * purpose, two in all when a district contains the point (each one under load waits for the Node process and
 * the database to be scheduled): BEGIN, the read of the key, the person and the containing district, and
 * the insert of the alert with its first track point, the person's recent raises and the candidates, in one
 * message (`raiseContextAndInsert`); then the offer, the answer's read, the events and the COMMIT in one
 * message. A point outside every district takes two more (the nearest district, then the insert).
 */
export async function raiseAlert(
  deps: DispatchDeps,
  viewer: Viewer,
  req: RaiseRequest,
): Promise<{ id: string; row: AlertRow | null; events: CommittedEvent[] }> {
  const created = await dispatchTx(deps.db, async (q) => {
    const now = new Date();
    const reach = { maxLocationAgeSeconds: deps.dispatch.locationMaxAgeSeconds, neighbourRadiusM: deps.dispatch.nearbyRadiusM };
    const request = { personId: viewer.sub, idempotencyKey: req.idempotencyKey, requestHash: req.hash, kind: req.kind, note: req.note, point: req.point };
    const first = await raiseContextAndInsert(q, request, now, reach);
    if (first.existing) return { existing: first.existing };
    const match = await routeFrom(q, req.point, first.containedIn);
    const inserted = first.containedIn ? first.inserted : await insertNewAlert(q, { ...request, match, personLanguage: first.personLanguage }, now, reach);
    if (!inserted) return null; // a concurrent retry with this key committed first (read again below)
    const { recent_raises: recentRaises, candidates, ...alert } = inserted;
    const flags = flagsFor(recentRaises, deps.dispatch.raiseLimitPer10Min, match.method);
    if (flags.length) await setFlags(q, alert.id, flags);
    await record(q, alert, 'RAISED', { role: 'PERSON', id: viewer.sub }, { fromStatus: null, toStatus: 'RAISED', note: [match.method, ...flags].join(' ') });
    // Over the limit: recorded and shown to the control room to verify, but nobody is sent yet.
    if (flags.includes('RATE_LIMITED')) await transition(q, alert, 'ESCALATED', SYSTEM, { note: 'over the raise limit: verify before dispatching' });
    else await offerNext(q, deps, alert, candidates);
    // The answer is read in the message that appends the events and commits (readAtCommit).
    return { answer: readAtCommit<AlertRow>(q, alertByIdStatement(inserted.id)) };
  });
  if (created?.existing) return { id: sameRequestOrThrow(created.existing, req), row: null, events: [] };
  const row = created?.answer?.rows()[0];
  if (row) return { id: row.id, row, events: created!.answer!.events() };

  const winner = await alertByIdempotencyKey(deps.db, viewer.sub, req.idempotencyKey);
  if (!winner) throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'alert vanished after a concurrent insert');
  return { id: sameRequestOrThrow(winner, req), row: null, events: [] };
}

function sameRequestOrThrow(existing: { id: string; request_hash: string }, req: RaiseRequest): string {
  if (existing.request_hash !== req.hash)
    throw new AppError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'this idempotencyKey was already used for a different alert; use a new key for a new alert',
    );
  return existing.id;
}
