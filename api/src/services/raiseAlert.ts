import type { Db } from '../db/types.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { RaiseRequest } from '../domain/raiseInput.js';
import type { Viewer } from '../domain/viewer.js';
import { alertByIdempotencyKey, insertAlert, offerAlert } from '../sql/alerts.js';
import { nearestAvailableAdvisor } from '../sql/advisors.js';
import { appendEvents, type NewEvent } from '../sql/events.js';
import { routePoint } from '../sql/routing.js';

export interface RaiseDeps {
  db: Db;
  offerTtlSeconds: number;
}

/**
 * Accepts an alert: routes it to the responsible consulate, offers it to the nearest available
 * advisor there, and stores the alert with its first events in one transaction. Idempotent on
 * (person, idempotencyKey): a retry, sequential or concurrent, returns the same alert id.
 */
export async function raiseAlert(deps: RaiseDeps, viewer: Viewer, req: RaiseRequest): Promise<string> {
  const existing = await alertByIdempotencyKey(deps.db, viewer.sub, req.idempotencyKey);
  if (existing) return sameRequestOrThrow(existing, req);

  const created = await deps.db.tx(async (q) => {
    const match = await routePoint(q, req.point);
    const inserted = await insertAlert(q, {
      personId: viewer.sub,
      idempotencyKey: req.idempotencyKey,
      requestHash: req.hash,
      kind: req.kind,
      note: req.note,
      point: req.point,
      match,
    });
    if (!inserted) return null; // a concurrent retry with this key committed first
    const actor = { actorRole: 'PERSON', actorId: viewer.sub };
    const events: NewEvent[] = [
      { alertId: inserted.id, consulateId: match.consulate_id, type: 'RAISED', fromStatus: null, toStatus: 'RAISED', ...actor },
    ];
    const candidate = await nearestAvailableAdvisor(q, match.consulate_id, req.point);
    if (candidate) {
      await offerAlert(q, inserted.id, candidate.advisor_id, candidate.distance_m, deps.offerTtlSeconds);
      events.push({
        alertId: inserted.id,
        consulateId: match.consulate_id,
        type: 'OFFERED',
        fromStatus: 'RAISED',
        toStatus: 'OFFERED',
        actorRole: 'SYSTEM',
        actorId: null,
      });
    }
    await appendEvents(q, events);
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
