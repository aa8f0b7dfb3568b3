import type { Queryable } from '../db/types.js';
import { rankCandidates, type Candidate } from '../domain/ranking.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { assertTransition } from '../domain/lifecycle.js';
import { findCandidates } from '../sql/candidates.js';
import { createOfferStatement, expiredOffers, lockAlert, openOffersOf, settleOffer, type LockedAlert } from '../sql/dispatch.js';
import { deferUntilCommit, dispatchTx, SYSTEM, record, transition, type ActorRef, type DispatchDeps } from './transition.js';
import { log } from '../log.js';
import { alreadyDone } from './retry.js';

/**
 * Offers an open, unassigned alert to the best next candidate, or escalates it to the control room
 * when the offers are used up or nobody is available. Runs inside the caller's transaction, with the
 * alert row locked. `known`: the candidates already read in this transaction at the alert's position, with
 * no offer of it since (a new alert's, read with its insert). `handOver`: see services/handOver.ts.
 */
export async function offerNext(q: Queryable, deps: DispatchDeps, a: LockedAlert, known?: Candidate[], opts: { handOver?: boolean } = {}): Promise<void> {
  // A hand-over gives the new consulate one offer whatever the old one used (services/handOver.ts).
  if (!opts.handOver && a.offer_count >= deps.dispatch.maxOffers) {
    await transition(q, a, 'ESCALATED', SYSTEM, { note: `not taken after ${a.offer_count} offers` });
    return;
  }
  const candidates = known ?? await findCandidates(q, {
    alertId: a.id,
    consulateId: a.consulate_id,
    lon: a.lon,
    lat: a.lat,
    maxLocationAgeSeconds: deps.dispatch.locationMaxAgeSeconds,
    neighbourRadiusM: deps.dispatch.nearbyRadiusM,
  });
  const best = rankCandidates(candidates, { consulateId: a.consulate_id, language: a.person_language })[0];
  if (!best) {
    await transition(q, a, 'ESCALATED', SYSTEM, { note: 'no available advisor nearby' });
    return;
  }
  assertTransition(a.status, 'OFFERED', 'SYSTEM');
  // createOfferStatement sets status OFFERED with the offer (one round trip fewer per offer), and it goes
  // with the commit (one more): nothing after it in the transaction reads the database.
  await deferUntilCommit(q, createOfferStatement(a.id, best.advisorId, best.distanceM, deps.dispatch.offerTtlSeconds));
  await transition(q, a, 'OFFERED', SYSTEM, { note: null, statusWritten: true });
  a.offer_count++;
  a.offer_advisor_id = best.advisorId;
}

/**
 * Expires one offer and passes the alert on, exactly once whichever process gets there first: the
 * settle is conditional, under the alert's row lock, so a claim racing the expiry either wins before
 * (the offer is then ACCEPTED and not open) or sees the alert re-offered.
 */
export async function expireOffer(deps: DispatchDeps, offerId: number, alertId: string): Promise<boolean> {
  return dispatchTx(deps.db, async (q) => {
    const a = await lockAlert(q, alertId);
    if (!a || a.current_offer_id === null || Number(a.current_offer_id) !== offerId) {
      await settleOffer(q, offerId, 'WITHDRAWN'); // stale leftover: not the alert's current offer
      return false;
    }
    if (!(await settleOffer(q, offerId, 'EXPIRED'))) return false;
    await record(q, a, 'OFFER_EXPIRED', SYSTEM, { note: null });
    await offerNext(q, deps, a);
    return true;
  });
}

/** One sweep: every offer past its deadline is expired and its alert offered on or escalated. */
export async function sweepExpiredOffers(deps: DispatchDeps): Promise<number> {
  let n = 0;
  for (const o of await expiredOffers(deps.db)) if (await expireOffer(deps, o.id, o.alert_id)) n++;
  return n;
}

/** The offered advisor turns it down; it passes to the next candidate at once. */
export async function declineOffer(deps: DispatchDeps, advisor: ActorRef, alertId: string): Promise<void> {
  await dispatchTx(deps.db, async (q) => {
    const a = await lockAlert(q, alertId);
    // Their offer already declined (a retry after a lost answer): the same success, nothing written.
    if (a && (await alreadyDone(q, a, { op: 'decline', advisorId: advisor.id! }))) return;
    if (!a || a.offer_advisor_id !== advisor.id || a.current_offer_id === null)
      throw new AppError(ErrorCode.NOT_FOUND, 'no open offer of this alert to you');
    await settleOffer(q, Number(a.current_offer_id), 'DECLINED');
    await record(q, a, 'OFFER_DECLINED', advisor);
    await offerNext(q, deps, a);
  });
}

/**
 * An advisor who went off duty or busy, or was deactivated, cannot take what they were offered: each of
 * their open offers is withdrawn and its alert passed on at once, instead of waiting out the offer's TTL
 * while the person waits. Each alert in its own transaction, conditional like an expiry.
 */
export async function withdrawOffersOf(deps: DispatchDeps, advisorId: string, why: string): Promise<number> {
  let n = 0;
  for (const o of await openOffersOf(deps.db, advisorId)) {
    const passedOn = await dispatchTx(deps.db, async (q) => {
      const a = await lockAlert(q, o.alert_id);
      if (!a || a.current_offer_id === null || Number(a.current_offer_id) !== o.id) {
        await settleOffer(q, o.id, 'WITHDRAWN');
        return false;
      }
      if (!(await settleOffer(q, o.id, 'WITHDRAWN'))) return false;
      await record(q, a, 'OFFER_WITHDRAWN', SYSTEM, { note: why });
      await offerNext(q, deps, a);
      return true;
    });
    if (passedOn) n++;
  }
  return n;
}

/** Runs the sweep every `sweepIntervalMs` in every process; safe to run in many at once. */
export function startOfferSweeper(deps: DispatchDeps): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepExpiredOffers(deps)
      .catch((err) => log.warn('dispatch.sweep_failed', { err: err as Error }))
      .finally(() => (running = null));
  }, deps.dispatch.sweepIntervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
