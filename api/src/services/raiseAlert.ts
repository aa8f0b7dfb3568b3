import { AppError, ErrorCode } from '../domain/errors.js';
import type { RaiseRequest } from '../domain/raiseInput.js';
import type { Viewer } from '../domain/viewer.js';
import { isRefusal } from '../domain/dispatch/plan.js';
import { decideRaise, sameRequest } from '../domain/dispatch/raise.js';
import { alertByIdStatement, alertByIdempotencyKey, insertNewAlert, raiseContextAndInsert } from '../sql/alerts.js';
import type { AlertRow } from '../sql/rows.js';
import { routeFrom } from '../sql/routing.js';
import { applyPlan } from './applyPlan.js';
import { dispatchTx, ending, type CommittedEvent, type Ending } from './dispatchTx.js';
import type { DispatchDeps } from './transition.js';

export { flagsFor } from '../domain/dispatch/raise.js';

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
  const created = await dispatchTx(deps.db, async (tx): Promise<Ending<{ existing: { id: string; request_hash: string } | null; id: string | null }>> => {
    const q = tx.q;
    const now = new Date();
    const reach = { maxLocationAgeSeconds: deps.dispatch.locationMaxAgeSeconds, neighbourRadiusM: deps.dispatch.nearbyRadiusM };
    const request = { personId: viewer.sub, idempotencyKey: req.idempotencyKey, requestHash: req.hash, kind: req.kind, note: req.note, point: req.point };
    const first = await raiseContextAndInsert(q, request, now, reach);
    if (first.existing) return ending({ existing: first.existing, id: null });
    const match = await routeFrom(q, req.point, first.containedIn);
    const inserted = first.containedIn ? first.inserted : await insertNewAlert(q, { ...request, match, personLanguage: first.personLanguage }, now, reach);
    if (!inserted) return ending({ existing: null, id: null }); // a concurrent retry with this key committed first (read again below)
    const { recent_raises: recentRaises, candidates, ...alert } = inserted;
    const plan = decideRaise({ recentRaises, method: match.method }, viewer.sub, deps.dispatch);
    const { writes } = await applyPlan(tx, deps, alert, plan, candidates);
    // The answer is read in the message that appends the events and commits.
    return ending({ existing: null, id: inserted.id }, writes, alertByIdStatement(inserted.id));
  });
  const { existing } = created.value;
  if (existing) return { id: sameRequestOrThrow(existing, req), row: null, events: [] };
  const row = created.rows?.[0] as AlertRow | undefined;
  if (row) return { id: row.id, row, events: created.events };

  const winner = await alertByIdempotencyKey(deps.db, viewer.sub, req.idempotencyKey);
  if (!winner) throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'alert vanished after a concurrent insert');
  return { id: sameRequestOrThrow(winner, req), row: null, events: [] };
}

function sameRequestOrThrow(existing: { id: string; request_hash: string }, req: RaiseRequest): string {
  const id = sameRequest(existing, req);
  if (isRefusal(id)) throw id;
  return id;
}
