import { AppError, ErrorCode, badInput, notFound } from '../domain/errors.js';
import { isOpen } from '../domain/lifecycle.js';
import type { Point } from '../domain/geo.js';
import type { Viewer } from '../domain/viewer.js';
import { pinMatches } from '../auth/pins.js';
import { personById } from '../sql/persons.js';
import { routePoint } from '../sql/routing.js';
import { appendTrack, lastTrackTime, lockAlert, markDuress, moveAlert, settleOffer } from '../sql/dispatch.js';
import { releaseCapacity } from '../sql/roster.js';
import { dispatchTx, record, transition, type DispatchDeps } from './transition.js';

/**
 * The person cancels their alert. With the duress PIN the answer looks exactly like a normal cancel
 * (the person's views show CANCELLED), while the alert stays open, is marked DURESS for the control
 * room at top priority, and nothing is released. Returns nothing that tells the two apart.
 */
export async function cancelAlert(deps: DispatchDeps, v: Viewer, id: string, pin: string | null): Promise<void> {
  const person = await personById(deps.db, v.sub);
  let duress = false;
  if (person?.cancel_pin_hash) {
    if (pin === null) throw badInput('pin is required to cancel', 'pin');
    if (await pinMatches(pin, person.duress_pin_hash)) duress = true;
    else if (!(await pinMatches(pin, person.cancel_pin_hash))) throw new AppError(ErrorCode.INCORRECT_PIN, 'incorrect PIN');
  }
  await dispatchTx(deps.db, async (q) => {
    const a = await lockAlert(q, id);
    if (!a || a.person_id !== v.sub) throw notFound('alert');
    const actor = { role: 'PERSON' as const, id: v.sub };
    // Fix: after a duress cancel the alert must answer the phone exactly as a cancelled one does. It used
    // to return success here, while a second cancel of a really cancelled alert is INVALID_TRANSITION:
    // pressing cancel twice told whoever holds the phone which PIN had been typed.
    if (a.duress) throw new AppError(ErrorCode.INVALID_TRANSITION, 'an alert that is CANCELLED cannot become CANCELLED', { from: 'CANCELLED', to: 'CANCELLED' });
    if (!isOpen(a.status)) throw new AppError(ErrorCode.INVALID_TRANSITION, `an alert that is ${a.status} cannot become CANCELLED`, { from: a.status, to: 'CANCELLED' });
    if (duress) {
      await markDuress(q, a.id);
      await record(q, a, 'DURESS', actor, { note: 'cancelled with the duress PIN: keep it active at top priority' });
      return;
    }
    if (a.current_offer_id !== null) await settleOffer(q, Number(a.current_offer_id), 'WITHDRAWN');
    await transition(q, a, 'CANCELLED', actor);
    if (a.assigned_advisor_id) await releaseCapacity(q, a.assigned_advisor_id);
  });
}

/**
 * A new position for an open alert: kept in the track; when it falls in another consulate's district
 * the alert is handed over (one event seen by both control rooms). Refused once the alert is closed,
 * and for a fix older than the newest one already kept.
 */
export async function updateAlertLocation(deps: DispatchDeps, v: Viewer, id: string, p: Point, recordedAt: Date): Promise<void> {
  if (recordedAt.getTime() > Date.now() + 60_000) throw badInput('recordedAt is in the future', 'recordedAt');
  await dispatchTx(deps.db, async (q) => {
    const a = await lockAlert(q, id);
    if (!a || a.person_id !== v.sub) throw notFound('alert');
    // Fix: an alert "cancelled" with the duress PIN refuses locations as a cancelled one does (it accepted
    // them, which told the two cancels apart). The phone shows it cancelled, so it stops sending anyway.
    const shown = a.duress ? 'CANCELLED' : a.status;
    if (!isOpen(shown)) throw new AppError(ErrorCode.INVALID_TRANSITION, `an alert that is ${shown} no longer takes locations`, { from: shown });
    const last = await lastTrackTime(q, a.id);
    if (last && recordedAt < last) throw badInput('this location is older than one already received', 'recordedAt');
    const match = await routePoint(q, p);
    await appendTrack(q, a.id, p, recordedAt, match.consulate_id);
    await moveAlert(q, a.id, p, match.consulate_id, match.method, match.distance_m);
    const actor = { role: 'PERSON' as const, id: v.sub };
    if (match.consulate_id !== a.consulate_id) {
      await record(q, a, 'HANDED_OVER', actor, { consulateId: match.consulate_id, fromConsulateId: a.consulate_id, note: `${a.consulate_id} -> ${match.consulate_id}` });
      a.consulate_id = match.consulate_id;
    } else {
      await record(q, a, 'LOCATION_UPDATED', actor);
    }
  });
}
