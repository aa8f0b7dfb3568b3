import type { Candidate } from '../domain/ranking.js';
import { decideDecline, decideOffer, decideOfferEnd, offersUsedUp } from '../domain/dispatch/offers.js';
import { isRefusal, type ActorRef } from '../domain/dispatch/plan.js';
import { findCandidates } from '../sql/candidates.js';
import { createOfferStatement, expiredOffers, lockAlert, openOffersOf, settleOffer, type LockedAlert } from '../sql/dispatch.js';
import { evidenceFor } from './retry.js';
import { transitionRefusal } from '../domain/lifecycle.js';
import { offerJoinsToTeams, teamFirstPick } from './incidentTeamOffers.js';
import { log } from '../log.js';
import { applyPlan, statusChanged } from './applyPlan.js';
import { dispatchTx, ending, type DispatchTx } from './dispatchTx.js';
import type { DispatchDeps } from './transition.js';

export type OfferDeps = Pick<DispatchDeps, 'dispatch'>;

/**
 * Offers an open, unassigned alert to the best next candidate, or escalates it to the control room when
 * the offers are used up or nobody is available (domain/dispatch/offers.ts). Runs last in the caller's
 * transaction, with the alert row locked: the offer's write (it also sets status OFFERED) is answered, to
 * go with the commit. `known`: the candidates already read in this transaction at the alert's position,
 * with no offer of it since (a new alert's, read with its insert).
 */
export async function offerNext(tx: DispatchTx, deps: OfferDeps, a: LockedAlert, opts: { handOver: boolean; known?: Candidate[] }): Promise<string[]> {
  const usedUp = offersUsedUp(a, deps.dispatch.maxOffers, opts);
  if (usedUp) return (await applyPlan(tx, deps, a, usedUp)).writes;
  // An alert of a CONFIRMED incident goes to its team first (services/incidentTeamOffers.ts); only such
  // alerts pay for the look (a new alert, `known`, is joined to an incident only after its raise).
  const team = !opts.known && !opts.handOver && a.in_confirmed_incident ? await teamFirstPick(tx, deps, a) : null;
  if (team && !transitionRefusal('offer', a.status, 'OFFERED', 'SYSTEM')) return makeOffer(tx, deps, a, team);
  const candidates = opts.known ?? await findCandidates(tx.q, {
    alertId: a.id,
    consulateId: a.consulate_id,
    lon: a.lon,
    lat: a.lat,
    maxLocationAgeSeconds: deps.dispatch.locationMaxAgeSeconds,
    neighbourRadiusM: deps.dispatch.nearbyRadiusM,
  });
  const d = decideOffer(a, candidates);
  if (isRefusal(d)) throw d;
  if (!('offer' in d)) return (await applyPlan(tx, deps, a, d)).writes;
  return makeOffer(tx, deps, a, d.offer);
}

/** The offer's write (it goes with the commit), and the row and events as they now are. */
export function makeOffer(tx: DispatchTx, deps: OfferDeps, a: LockedAlert, offer: { advisorId: string; distanceM: number }): string[] {
  const write = createOfferStatement(a.id, offer.advisorId, offer.distanceM, deps.dispatch.offerTtlSeconds);
  statusChanged(tx, a, { do: 'status', to: 'OFFERED', actor: { role: 'SYSTEM', id: null }, note: null });
  a.offer_count++;
  a.offer_advisor_id = offer.advisorId;
  return [write];
}

/** An offer ends unanswered (expired, or withdrawn with `why`); true when the alert was passed on. */
async function endOffer(deps: DispatchDeps, offerId: number, alertId: string, why: string | null): Promise<boolean> {
  const out = await dispatchTx(deps.db, async (tx) => {
    const a = await lockAlert(tx.q, alertId);
    const plan = decideOfferEnd(a, offerId, why);
    if (!a) {
      await settleOffer(tx.q, offerId, 'WITHDRAWN'); // the plan's one step: a stale leftover, no alert to change
      return ending(false);
    }
    const applied = await applyPlan(tx, deps, a, plan);
    return ending(plan.passesOn && applied.done, applied.writes);
  });
  return out.value;
}

/**
 * Expires one offer and passes the alert on, exactly once whichever process gets there first: the
 * settle is conditional, under the alert's row lock, so a claim racing the expiry either wins before
 * (the offer is then ACCEPTED and not open) or sees the alert re-offered.
 */
export const expireOffer = (deps: DispatchDeps, offerId: number, alertId: string): Promise<boolean> => endOffer(deps, offerId, alertId, null);

/** One sweep: every offer past its deadline is expired and its alert offered on or escalated. */
export async function sweepExpiredOffers(deps: DispatchDeps): Promise<number> {
  let n = 0;
  for (const o of await expiredOffers(deps.db)) if (await expireOffer(deps, o.id, o.alert_id)) n++;
  return n;
}

/** The offered advisor turns it down; it passes to the next candidate at once. */
export async function declineOffer(deps: DispatchDeps, advisor: ActorRef, alertId: string): Promise<void> {
  await dispatchTx(deps.db, async (tx) => {
    const a = await lockAlert(tx.q, alertId);
    const evidence = a && (await evidenceFor(tx.q, a, { op: 'decline', advisorId: advisor.id! }));
    const d = decideDecline({ alert: a, evidence }, advisor);
    if (isRefusal(d)) throw d;
    return ending(undefined, a ? (await applyPlan(tx, deps, a, d)).writes : []);
  });
}

/**
 * An advisor who went off duty or busy, or was deactivated, cannot take what they were offered: each of
 * their open offers is withdrawn and its alert passed on at once, instead of waiting out the offer's TTL
 * while the person waits. Each alert in its own transaction, conditional like an expiry.
 */
export async function withdrawOffersOf(deps: DispatchDeps, advisorId: string, why: string): Promise<number> {
  let n = 0;
  for (const o of await openOffersOf(deps.db, advisorId)) if (await endOffer(deps, o.id, o.alert_id, why)) n++;
  return n;
}

/** Runs the sweep every `sweepIntervalMs` in every process; safe to run in many at once. */
export function startOfferSweeper(deps: DispatchDeps): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepExpiredOffers(deps)
      .then(() => offerJoinsToTeams(deps))
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
