import { AppError, ErrorCode, badInput, notFound } from '../domain/errors.js';
import { isOpen } from '../domain/lifecycle.js';
import type { Point } from '../domain/geo.js';
import type { Viewer } from '../domain/viewer.js';
import { classifyPin } from '../auth/pins.js';
import type { Queryable } from '../db/types.js';
import { personById } from '../sql/persons.js';
import { freezePersonView } from '../sql/personView.js';
import { pinLockout } from './pinLockout.js';
import { flagSilently } from './silentDuress.js';
import { routePoint } from '../sql/routing.js';
import { appendTrack, lastTrackTime, lockAlert, markDuress, moveAlert, settleOffer, type LockedAlert } from '../sql/dispatch.js';
import { releaseCapacity } from '../sql/roster.js';
import { dispatchTx, record, transition, type DispatchDeps } from './transition.js';
import { reofferAfterHandOver } from './handOver.js';
import { SILENT_DURESS_FLAG, hasSilentDuress } from '../domain/duress.js';
import { alreadyDone } from './retry.js';

/**
 * The person cancels their alert. With the duress PIN the answer looks exactly like a normal cancel
 * (the person's views show CANCELLED), while the alert stays open, is marked DURESS for the control
 * room at top priority, and nothing is released. Returns nothing that tells the two apart.
 *
 * Guessing is limited per person, in the database (`pin_failures`), so the limit holds across processes
 * and restarts: after `PIN_LOCKOUT.maxFailures` wrong PINs within `PIN_LOCKOUT.windowSeconds`, every PIN
 * (cancel, duress or wrong) gets the same RATE_LIMITED answer and changes nothing the phone can see, except
 * that a duress PIN still reaches the control room, silently (domain/duress.ts): flagged, with an event the
 * phone never receives. A lockout never cancels, releases or drops anything.
 *
 * Only wrong PINs are counted, and a right one clears nothing. Resetting on a right PIN would let whoever
 * was given the duress PIN (believing it the cancel PIN) buy a fresh set of guesses with it on an alert
 * of their own, and a reset on one right PIN and not the other would tell them apart. Failures simply
 * age out of the window. Nothing is counted while locked out either, so the outcome of a locked-out try
 * (including how long the lockout then lasts) does not depend on the PIN typed.
 */
export async function cancelAlert(deps: DispatchDeps, v: Viewer, id: string, pin: string | null): Promise<void> {
  const person = await personById(deps.db, v.sub);
  // Fix: with no PINs (never set, or erased by deleteMyData) any PIN used to give a real cancel: no duress
  // and no lockout. Whoever holds such a phone cannot cancel at all; the control room closes the alert.
  if (!person?.cancel_pin_hash) throw new AppError(ErrorCode.PIN_NOT_SET, 'no PINs are set: the control room will close this alert');
  if (pin === null) throw badInput('pin is required to cancel', 'pin');
  // Every hash, always, and before the transaction: no connection or lock is held through the scrypt.
  const verdict = await classifyPin(pin, { cancel: person.cancel_pin_hash, duress: person.duress_pin_hash, decoy: person.decoy_pin_hash });
  // The refusals are returned rather than thrown, so the transaction commits what they record.
  const refusal = await dispatchTx(deps.db, async (q): Promise<AppError | null> => {
    const locked = await pinLockout(q, v.sub, verdict, async () => {
      // The alert is read for every PIN, so the duress one differs only by its two small writes.
      const a = await lockAlert(q, id);
      // Silent: the phone got the lockout answer, so it must keep showing the alert as before.
      if (verdict === 'DURESS') await flagSilently(q, a, v.sub, SILENT_DURESS_FLAG, 'duress PIN given while PIN entry was locked out after repeated wrong PINs: treat as DURESS, top priority; the phone still shows the alert open');
    });
    if (locked) return locked;
    await cancelOwn(q, v, id, verdict === 'DURESS');
    return null;
  });
  if (refusal) throw refusal;
}

/** The cancel itself, with the PIN already accepted: a real one, or under duress one that only looks real. */
async function cancelOwn(q: Queryable, v: Viewer, id: string, duress: boolean): Promise<void> {
  const a = await lockAlert(q, id);
  if (!a || a.person_id !== v.sub) throw notFound('alert');
  // Already cancelled by them, really or under duress (a retry after a lost answer): the same success for
  // both, nothing written, so pressing cancel twice never tells which PIN was typed (domain/retry.ts).
  if (await alreadyDone(q, a, { op: 'cancel', personId: v.sub })) return;
  if (!isOpen(a.status)) throw new AppError(ErrorCode.INVALID_TRANSITION, `an alert that is ${a.status} cannot become CANCELLED`, { from: a.status, to: 'CANCELLED' });
  if (duress) return markDuressed(q, a, v, 'cancelled with the duress PIN: keep it active at top priority');
  // The duress PIN was given during a lockout: whichever PIN is accepted now, the alert stays open.
  if (hasSilentDuress(a.flags)) return markDuressed(q, a, v, 'cancelled after a duress PIN given during a PIN lockout: keep it active at top priority');
  if (a.current_offer_id !== null) await settleOffer(q, Number(a.current_offer_id), 'WITHDRAWN');
  await transition(q, a, 'CANCELLED', { role: 'PERSON', id: v.sub });
  if (a.assigned_advisor_id) await releaseCapacity(q, a.assigned_advisor_id);
}

/** The duress path: the alert stays open and is flagged for the control room; nothing is released. */
async function markDuressed(q: Queryable, a: LockedAlert, v: Viewer, note: string): Promise<void> {
  // What the phone sees of it from now on is what it saw at this moment, cancelled (domain/personAlertView.ts).
  await freezePersonView(q, a.id);
  await markDuress(q, a.id);
  // The note is for the control room: the phone's timeline shows this event as a plain CANCELLED, without it.
  await record(q, a, 'DURESS', { role: 'PERSON', id: v.sub }, { note });
}

/**
 * A new position for an open alert: kept in the track; when it falls in another consulate's district
 * the alert is handed over (one event seen by both control rooms) and, if it was waiting on an offer, offered
 * within the new consulate at once (services/handOver.ts). Refused once the alert is closed,
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
      Object.assign(a, { consulate_id: match.consulate_id, lon: p.lon, lat: p.lat });
      await reofferAfterHandOver(q, deps, a);
    } else {
      await record(q, a, 'LOCATION_UPDATED', actor);
    }
  });
}
