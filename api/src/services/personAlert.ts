import type { AppError } from '../domain/errors.js';
import { cancelPinRefusal } from '../domain/pinChecks.js';
import type { Point } from '../domain/geo.js';
import type { Viewer } from '../domain/viewer.js';
import { classifyPin } from '../auth/pins.js';
import { personById } from '../sql/persons.js';
import { pinLockout } from './pinLockout.js';
import { flagSilently } from './silentDuress.js';
import { routePoint } from '../sql/routing.js';
import { lastTrackTime, lockAlert } from '../sql/dispatch.js';
import type { DispatchDeps } from './transition.js';
import { reofferAfterHandOver } from './handOver.js';
import { SILENT_DURESS_FLAG } from '../domain/duress.js';
import { isRefusal } from '../domain/dispatch/plan.js';
import { decideCancel, decideLocation, decideMove, locationInputRefusal } from '../domain/dispatch/person.js';
import { applyPlan } from './applyPlan.js';
import { dispatchTx, ending } from './dispatchTx.js';

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
  const refused = cancelPinRefusal(person, pin);
  if (refused) throw refused; // otherwise the person has PINs and gave one
  // Every hash, always, and before the transaction: no connection or lock is held through the scrypt.
  const verdict = await classifyPin(pin!, { cancel: person!.cancel_pin_hash, duress: person!.duress_pin_hash, decoy: person!.decoy_pin_hash });
  // The refusals are returned rather than thrown, so the transaction commits what they record.
  const { value: refusal } = await dispatchTx(deps.db, async (tx) => {
    const locked = await pinLockout(tx.q, v.sub, verdict, async () => {
      // The alert is read for every PIN, so the duress one differs only by its two small writes.
      const a = await lockAlert(tx.q, id);
      // Silent: the phone got the lockout answer, so it must keep showing the alert as before.
      if (verdict === 'DURESS') await flagSilently(tx, a, v.sub, SILENT_DURESS_FLAG, 'duress PIN given while PIN entry was locked out after repeated wrong PINs: treat as DURESS, top priority; the phone still shows the alert open');
    });
    if (locked) return ending<AppError | null>(locked);
    // The cancel itself, with the PIN accepted: a real one, or under duress one that only looks real.
    const a = await lockAlert(tx.q, id);
    const d = decideCancel(a, v.sub, { duress: verdict === 'DURESS' });
    if (isRefusal(d)) throw d;
    if (a) await applyPlan(tx, deps, a, d);
    return ending<AppError | null>(null);
  });
  if (refusal) throw refusal;
}

/**
 * A new position for an open alert: kept in the track; when it falls in another consulate's district
 * the alert is handed over (one event seen by both control rooms) and, if it was waiting on an offer, offered
 * within the new consulate at once (services/handOver.ts). Refused once the alert is closed,
 * and for a fix older than the newest one already kept (domain/dispatch/person.ts).
 */
export async function updateAlertLocation(deps: DispatchDeps, v: Viewer, id: string, p: Point, recordedAt: Date): Promise<void> {
  const input = locationInputRefusal({ recordedAt }, new Date());
  if (input) throw input; // before any database work
  await dispatchTx(deps.db, async (tx) => {
    const a = await lockAlert(tx.q, id);
    const lastFixAt = a && a.person_id === v.sub ? await lastTrackTime(tx.q, a.id) : null;
    const refused = decideLocation({ alert: a, lastFixAt }, v.sub, { recordedAt }, new Date());
    if (refused) throw refused;
    const match = await routePoint(tx.q, p);
    const fix = { point: p, recordedAt, method: match.method, distanceM: match.distance_m };
    const move = decideMove(a!, v.sub, { consulateId: match.consulate_id, fix });
    await applyPlan(tx, deps, a!, move);
    if (!move.handedOver) return ending(undefined);
    return ending(undefined, await reofferAfterHandOver(tx, deps, a!));
  });
}
