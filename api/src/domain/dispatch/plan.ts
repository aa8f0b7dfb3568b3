import { AppError } from '../errors.js';
import type { AlertEventType, MatchMethod } from '../../generated/enums.js';
import type { Point } from '../geo.js';
import type { LockedAlert } from '../../sql/dispatch.js';
import type { Actor, AlertStatus } from '../lifecycle.js';

/**
 * The shapes every dispatch decision shares. A use case is a pure `decide(state, actor, request, now)` in
 * this folder that answers a `Plan` or a refusal (an `AppError`, returned, not thrown); services/ reads the
 * state, and `applyPlan` (services/applyPlan.ts) carries the plan out in the dispatch transaction.
 */

/** Who acts, as events record them: an advisor by advisor id, the control room by token subject. */
export interface ActorRef {
  role: Actor;
  id: string | null;
}

export const SYSTEM: ActorRef = { role: 'SYSTEM', id: null };

/** The alert row a decision looks at: the locked row's fields that rules read. */
export type AlertState = Pick<
  LockedAlert,
  'id' | 'person_id' | 'status' | 'consulate_id' | 'assigned_advisor_id' | 'current_offer_id' | 'offer_advisor_id' | 'offer_count' | 'duress' | 'flags'
>;

/** The advisor behind an ADVISOR token, as read (null: unknown). */
export interface AdvisorState {
  id: string;
  consulate_id: string;
  active: boolean;
}

export type OfferOutcome = 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'WITHDRAWN';

export interface EventExtra {
  fromStatus?: AlertStatus | null;
  toStatus?: AlertStatus | null;
  note?: string | null;
  consulateId?: string;
  fromConsulateId?: string | null;
}

/** One write of a plan, in order. */
export type Step =
  /** Takes one unit of the advisor's capacity; refused with ADVISOR_AT_CAPACITY when there is none. */
  | { do: 'reserve'; advisorId: string }
  | { do: 'release'; advisorId: string }
  /** Settles an open offer; `orStop`: when it was settled already (a racing process), the plan ends here. */
  | { do: 'settle'; offerId: number; outcome: OfferOutcome; orStop?: true }
  /** The status changes (lifecycle-checked when decided), recorded as an event of `type` (default: the status). */
  | { do: 'status'; to: AlertStatus; actor: ActorRef; type?: AlertEventType; note?: string | null }
  | { do: 'assign'; advisorId: string | null }
  | { do: 'resolution'; disposition: string; note: string | null }
  | { do: 'event'; type: AlertEventType; actor: ActorRef; extra?: EventExtra }
  | { do: 'flags'; flags: string[] }
  | { do: 'flag'; flag: string }
  /** Cancelled as the phone sees it, open for the control room: the phone's view frozen, `duress` set. */
  | { do: 'duress' }
  /** A fix kept in the alert's track, with the consulate whose district it fell in. */
  | { do: 'track'; point: Point; recordedAt: Date; consulateId: string }
  /** The alert's position and responsible consulate now (routed: `method`, `distanceM`). */
  | { do: 'position'; point: Point; consulateId: string; method: MatchMethod; distanceM: number };

/**
 * What a decision asks for. `offerNext`: afterwards, offer the alert to the next candidate (or escalate
 * it); it is always last, because the offer's write goes with the commit and nothing may follow it.
 */
export interface Plan {
  steps: Step[];
  offerNext?: { handOver: boolean };
}

/** A retry of what already happened (domain/retry.ts), or nothing to do: success, nothing written. */
export const NOTHING: Plan = { steps: [] };

export type Decision = Plan | AppError;
export const isRefusal = (d: Decision | unknown): d is AppError => d instanceof AppError;

/** Closes the current offer, if any: accepted when `advisorId` holds it, withdrawn for anyone else. */
export function closeOffer(a: AlertState, advisorId: string | null): Step[] {
  if (a.current_offer_id === null) return [];
  return [{ do: 'settle', offerId: Number(a.current_offer_id), outcome: a.offer_advisor_id === advisorId ? 'ACCEPTED' : 'WITHDRAWN' }];
}

/** The assigned advisor, if any, leaves the alert and gets their capacity back. */
export function unassign(a: AlertState): Step[] {
  return a.assigned_advisor_id ? [{ do: 'release', advisorId: a.assigned_advisor_id }, { do: 'assign', advisorId: null }] : [];
}

/** The alert's row as domain/retry.ts reads it. */
export const retryView = (a: AlertState) =>
  ({ status: a.status, personId: a.person_id, assignedAdvisorId: a.assigned_advisor_id, offerAdvisorId: a.offer_advisor_id, duress: a.duress });
