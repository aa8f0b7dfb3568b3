import { AppError, ErrorCode } from '../domain/errors.js';
import { isRefusal, type Plan, type Step } from '../domain/dispatch/plan.js';
import { decideOffer, offersUsedUp } from '../domain/dispatch/offers.js';
import { findCandidates } from '../sql/candidates.js';
import type { DispatchDeps } from './transition.js';
import { freezePersonView } from '../sql/personView.js';
import { addFlag, appendTrack, createOfferStatement, markDuress, moveAlert, setAlertStatus, setAssignedAdvisor, setFlags, setResolution, settleOffer, type LockedAlert } from '../sql/dispatch.js';
import { releaseCapacity, reserveCapacity } from '../sql/roster.js';
import type { DispatchTx } from './dispatchTx.js';
import type { Candidate } from '../domain/ranking.js';
import { transitionRefusal } from '../domain/lifecycle.js';
import { teamFirstPick } from './teamFirstPick.js';

/**
 * Carries out a decision (domain/dispatch/) in the dispatch transaction, step by step, keeping `a` as the
 * row now is so later steps and events see it. Answers the writes that go with the commit (an offer's)
 * and whether the plan ran to its end (false: an `orStop` settle found the offer already settled).
 */
export async function applyPlan(tx: DispatchTx, deps: OfferDeps | null, a: LockedAlert, plan: Plan, known?: Candidate[]): Promise<{ done: boolean; writes: string[] }> {
  for (const step of plan.steps) if (!(await applyStep(tx, a, step))) return { done: false, writes: [] };
  if (!plan.offerNext) return { done: true, writes: [] };
  if (!deps) throw new Error('a plan that offers the alert on needs the dispatch settings');
  return { done: true, writes: await offerNext(tx, deps, a, { handOver: plan.offerNext.handOver, known }) };
}

async function applyStep(tx: DispatchTx, a: LockedAlert, s: Step): Promise<boolean> {
  const q = tx.q;
  switch (s.do) {
    case 'reserve':
      if (!(await reserveCapacity(q, s.advisorId)))
        throw new AppError(ErrorCode.ADVISOR_AT_CAPACITY, 'the advisor is inactive or already carries as many alerts as their capacity allows');
      return true;
    case 'release':
      await releaseCapacity(q, s.advisorId);
      return true;
    case 'settle':
      return (await settleOffer(q, s.offerId, s.outcome)) || !s.orStop;
    case 'status':
      await setAlertStatus(q, a.id, s.to);
      statusChanged(tx, a, s);
      return true;
    case 'assign':
      await setAssignedAdvisor(q, a.id, s.advisorId);
      a.assigned_advisor_id = s.advisorId;
      return true;
    case 'resolution':
      await setResolution(q, a.id, s.disposition, s.note);
      return true;
    case 'event':
      tx.record(a, s.type, s.actor, s.extra);
      return true;
    case 'flags':
      await setFlags(q, a.id, s.flags);
      a.flags = s.flags;
      return true;
    case 'flag':
      await addFlag(q, a.id, s.flag);
      return true;
    case 'duress':
      // What the phone sees of it from now on is what it saw at this moment, cancelled (domain/personAlertView.ts).
      await freezePersonView(q, a.id);
      await markDuress(q, a.id);
      return true;
    case 'track':
      await appendTrack(q, a.id, s.point, s.recordedAt, s.consulateId);
      return true;
    case 'position':
      await moveAlert(q, a.id, s.point, s.consulateId, s.method, s.distanceM);
      // The row as it now is, for what runs after (a hand-over's offer searches around the new position).
      Object.assign(a, { consulate_id: s.consulateId, lon: s.point.lon, lat: s.point.lat });
      return true;
  }
}

/** A status change as recorded (who, from, to, note), and the row as it now is. */
export function statusChanged(tx: DispatchTx, a: LockedAlert, s: Extract<Step, { do: 'status' }>): void {
  tx.record(a, s.type ?? s.to, s.actor, { toStatus: s.to, note: s.note ?? null });
  a.status = s.to;
  if (s.to !== 'OFFERED') {
    a.current_offer_id = null;
    a.offer_advisor_id = null;
  }
}

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
  // An alert of a CONFIRMED incident goes to its team first (services/teamFirstPick.ts); only such alerts
  // pay for the look (a new alert, `known`, is joined to an incident only after its raise).
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
