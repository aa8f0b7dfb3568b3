import { AppError, ErrorCode, notFound } from '../errors.js';
import type { Viewer } from '../viewer.js';
import type { ActorRef, AdvisorState, AlertState } from './plan.js';

/**
 * Where an advisor may act (docs/SECURITY.md, "Advisors"): alerts of their own consulate, and alerts
 * explicitly put in their hands wherever they are (an offer, which may cross a border, or an assignment
 * by the control room, a hand-over included). A reported position never widens this: it was once enough
 * to stand (or claim to stand) near another consulate's alert to claim it and read its precise location.
 */
export function advisorMayAct(me: Pick<AdvisorState, 'id' | 'consulate_id'>, a: Pick<AlertState, 'consulate_id' | 'offer_advisor_id' | 'assigned_advisor_id'>): boolean {
  return a.offer_advisor_id === me.id || a.assigned_advisor_id === me.id || a.consulate_id === me.consulate_id;
}

export const FORBIDDEN_INACTIVE = () => new AppError(ErrorCode.FORBIDDEN, 'this advisor is not active');

/**
 * The alert a staff viewer may act on, or the refusal: a deactivated (or unknown) advisor is FORBIDDEN
 * whatever the alert, and anything else not theirs to act on is NOT_FOUND, so a refusal never reveals
 * that an alert exists. `me`: the advisor behind an ADVISOR token (ignored for other roles).
 */
export function visibleAlert<A extends AlertState>(v: Viewer, me: AdvisorState | null, a: A | null): A | AppError {
  if (v.role === 'ADVISOR' && !me?.active) return FORBIDDEN_INACTIVE();
  if (!a) return notFound('alert');
  if (v.role === 'SUPERVISOR') return a;
  if (v.role === 'OPERATOR' && a.consulate_id === v.consulateId) return a;
  if (v.role === 'ADVISOR' && me && advisorMayAct(me, a)) return a;
  return notFound('alert');
}

/** The actor a staff viewer's events record. */
export const actorOf = (v: Viewer): ActorRef => ({ role: v.role, id: v.role === 'ADVISOR' ? v.advisorId! : v.sub });
