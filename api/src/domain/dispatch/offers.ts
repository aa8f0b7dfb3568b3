import { AppError, ErrorCode } from '../errors.js';
import { transitionRefusal } from '../lifecycle.js';
import { rankCandidates, type Candidate } from '../ranking.js';
import { isRetry, type Evidence } from '../retry.js';
import { NOTHING, SYSTEM, retryView, type ActorRef, type AlertState, type Decision, type Plan } from './plan.js';

/** The alert as an offer decision sees it: the row and what ranking needs. */
export type OfferedAlert = AlertState & { person_language: string | null };

/**
 * Before the candidates are read: with the offers used up the alert escalates to the control room (a
 * hand-over gives the new consulate one offer whatever the old one used); null: read the candidates.
 */
export function offersUsedUp(a: AlertState, maxOffers: number, opts: { handOver: boolean }): Plan | null {
  if (opts.handOver || a.offer_count < maxOffers) return null;
  return { steps: [{ do: 'status', to: 'ESCALATED', actor: SYSTEM, note: `not taken after ${a.offer_count} offers` }] };
}

/** The offer to make, ranked (domain/ranking.ts), or the escalation when nobody is available. */
export function decideOffer(a: OfferedAlert, candidates: readonly Candidate[]): { offer: { advisorId: string; distanceM: number } } | Plan | AppError {
  const best = rankCandidates([...candidates], { consulateId: a.consulate_id, language: a.person_language })[0];
  if (!best) return { steps: [{ do: 'status', to: 'ESCALATED', actor: SYSTEM, note: 'no available advisor nearby' }] };
  return transitionRefusal('offer', a.status, 'OFFERED', 'SYSTEM') ?? { offer: { advisorId: best.advisorId, distanceM: best.distanceM } };
}

/**
 * An offer ends without an answer, expired (`why` null) or withdrawn from an advisor who can no longer take
 * it (`why`: the reason, as the event's note): exactly once whichever process gets there first, and the
 * alert passes on. An offer that is not the alert's current one is a stale leftover: settled, nothing else.
 */
export function decideOfferEnd(a: AlertState | null, offerId: number, why: string | null): Plan & { passesOn: boolean } {
  if (!a || a.current_offer_id === null || Number(a.current_offer_id) !== offerId) {
    return { steps: [{ do: 'settle', offerId, outcome: 'WITHDRAWN' }], passesOn: false };
  }
  const outcome = why === null ? 'EXPIRED' : 'WITHDRAWN';
  return {
    steps: [{ do: 'settle', offerId, outcome, orStop: true }, { do: 'event', type: `OFFER_${outcome}`, actor: SYSTEM, extra: { note: why } }],
    offerNext: { handOver: false },
    passesOn: true,
  };
}

/**
 * The offered advisor turns it down; it passes to the next candidate at once. Their offer already
 * declined (a retry after a lost answer): the same success, nothing written. Otherwise NOT_FOUND.
 */
export function decideDecline(s: { alert: AlertState | null; evidence: Evidence | null }, advisor: ActorRef): Decision {
  const a = s.alert;
  if (a && isRetry({ op: 'decline', advisorId: advisor.id! }, retryView(a), s.evidence)) return NOTHING;
  if (!a || a.offer_advisor_id !== advisor.id || a.current_offer_id === null) return new AppError(ErrorCode.NOT_FOUND, 'no open offer of this alert to you');
  return {
    steps: [{ do: 'settle', offerId: Number(a.current_offer_id), outcome: 'DECLINED' }, { do: 'event', type: 'OFFER_DECLINED', actor: advisor }],
    offerNext: { handOver: false },
  };
}

/** Whether a hand-over's decision needs to know the consulate of the advisor the open offer is made to. */
export const needsOfferAdvisor = (a: AlertState) => a.status === 'OFFERED' && a.current_offer_id !== null && a.offer_advisor_id !== null;

/**
 * After a hand-over (`a.consulate_id` already the new one): an open offer to an advisor of another
 * consulate is withdrawn and the alert offered at once within the new consulate, even with its offers used
 * up. An alert that is not OFFERED is left as it is: an assigned advisor follows their person across the
 * border, and an ESCALATED alert is already the (new) control room's.
 */
export function decideHandOverOffer(a: AlertState, offerAdvisorConsulate: string | null): Plan {
  if (a.status !== 'OFFERED' || a.current_offer_id === null) return NOTHING;
  if (a.offer_advisor_id !== null && offerAdvisorConsulate === a.consulate_id) return NOTHING;
  return {
    steps: [
      { do: 'settle', offerId: Number(a.current_offer_id), outcome: 'WITHDRAWN', orStop: true },
      { do: 'event', type: 'OFFER_WITHDRAWN', actor: SYSTEM, extra: { note: `handed over to ${a.consulate_id}: offered within it` } },
    ],
    offerNext: { handOver: true },
  };
}
