import { AppError, ErrorCode } from '../domain/errors.js';
import type { RaiseRequest } from '../domain/raiseInput.js';
import type { Viewer } from '../domain/viewer.js';
import { alertByIdempotencyKey, insertAlert } from '../sql/alerts.js';
import { appendTrack, lockAlert } from '../sql/dispatch.js';
import { personById } from '../sql/persons.js';
import { routePoint } from '../sql/routing.js';
import { offerNext } from './offers.js';
import { dispatchTx, SYSTEM, record, transition, type DispatchDeps } from './transition.js';
import type { Queryable } from '../db/types.js';
import { recentRaises, setFlags } from '../sql/dispatch.js';

/** Why the control room should look twice at a new alert. */
async function flagsFor(q: Queryable, deps: DispatchDeps, personId: string, method: string): Promise<string[]> {
  const flags: string[] = [];
  // The new alert is already inserted, so "more than the limit" counts it too.
  if ((await recentRaises(q, personId)) > deps.dispatch.raiseLimitPer10Min) flags.push('RATE_LIMITED');
  if (method === 'FALLBACK') flags.push('OUTSIDE_COVERAGE');
  return flags;
}

/**
 * Accepts an alert: routes it to the responsible consulate, offers it to the nearest available
 * advisor there, and stores the alert with its first events in one transaction. Idempotent on
 * (person, idempotencyKey): a retry, sequential or concurrent, returns the same alert id.
 */
export async function raiseAlert(deps: DispatchDeps, viewer: Viewer, req: RaiseRequest): Promise<string> {
  const existing = await alertByIdempotencyKey(deps.db, viewer.sub, req.idempotencyKey);
  if (existing) return sameRequestOrThrow(existing, req);

  const person = await personById(deps.db, viewer.sub);
  const created = await dispatchTx(deps.db, async (q) => {
    const match = await routePoint(q, req.point);
    const inserted = await insertAlert(q, {
      personId: viewer.sub,
      idempotencyKey: req.idempotencyKey,
      requestHash: req.hash,
      kind: req.kind,
      note: req.note,
      point: req.point,
      match,
      personLanguage: person?.preferred_language ?? null,
    });
    if (!inserted) return null; // a concurrent retry with this key committed first
    const alert = (await lockAlert(q, inserted.id))!;
    const flags = await flagsFor(q, deps, viewer.sub, match.method);
    if (flags.length) await setFlags(q, alert.id, flags);
    await appendTrack(q, alert.id, req.point, new Date(), match.consulate_id);
    await record(q, alert, 'RAISED', { role: 'PERSON', id: viewer.sub }, { fromStatus: null, toStatus: 'RAISED', note: [match.method, ...flags].join(' ') });
    // Over the limit: recorded and shown to the control room to verify, but nobody is sent yet.
    if (flags.includes('RATE_LIMITED')) await transition(q, alert, 'ESCALATED', SYSTEM, { note: 'over the raise limit: verify before dispatching' });
    else await offerNext(q, deps, alert);
    return inserted.id;
  });
  if (created) return created;

  const winner = await alertByIdempotencyKey(deps.db, viewer.sub, req.idempotencyKey);
  if (!winner) throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'alert vanished after a concurrent insert');
  return sameRequestOrThrow(winner, req);
}

function sameRequestOrThrow(existing: { id: string; request_hash: string }, req: RaiseRequest): string {
  if (existing.request_hash !== req.hash)
    throw new AppError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'this idempotencyKey was already used for a different alert; use a new key for a new alert',
    );
  return existing.id;
}
