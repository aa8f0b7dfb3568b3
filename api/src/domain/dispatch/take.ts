import { AppError, ErrorCode, badInput, notFound } from '../errors.js';
import { isAssigned, transitionRefusal } from '../lifecycle.js';
import { isRetry } from '../retry.js';
import type { Viewer } from '../viewer.js';
import { NOTHING, closeOffer, isRefusal, retryView, unassign, type AdvisorState, type AlertState, type Decision } from './plan.js';
import { actorOf, visibleAlert } from './visibility.js';

/** What claiming or assigning looks at: the acting advisor (ADVISOR tokens), the locked alert, the advisor to assign. */
export interface TakeState {
  me: AdvisorState | null;
  alert: AlertState | null;
  /** assign/reassign: the advisor named in the request, as read (null: unknown). */
  advisor?: AdvisorState | null;
}

/**
 * An advisor takes an open alert (claimAlert; accepting an offer is claiming it): exactly one wins. Refusals
 * in order: FORBIDDEN (inactive advisor), NOT_FOUND (not theirs to see), ALREADY_CLAIMED, INVALID_TRANSITION
 * (the lifecycle before capacity: a claim of a closed alert is INVALID_TRANSITION even for a full advisor),
 * then ADVISOR_AT_CAPACITY when the plan's reservation fails. Already theirs: a retry, nothing written.
 */
export function decideClaim(s: TakeState, v: Viewer): Decision {
  const a = visibleAlert(v, s.me, s.alert);
  if (isRefusal(a)) return a;
  const me = v.advisorId!;
  if (isRetry({ op: 'claim', advisorId: me }, retryView(a), null)) return NOTHING;
  if (isAssigned(a.status)) return new AppError(ErrorCode.ALREADY_CLAIMED, 'this alert was already claimed');
  const refused = transitionRefusal('claim', a.status, 'ACKNOWLEDGED', 'ADVISOR');
  if (refused) return refused;
  return {
    steps: [
      { do: 'reserve', advisorId: me },
      ...closeOffer(a, me),
      { do: 'status', to: 'ACKNOWLEDGED', actor: actorOf(v), note: 'claimed' },
      { do: 'assign', advisorId: me },
    ],
  };
}

/**
 * The control room assigns an unassigned alert (`reassign` false) or moves an assigned one to another
 * advisor. Refusals in order: NOT_FOUND (the alert), NOT_FOUND (the advisor: unknown, inactive, or of
 * another consulate for an operator), ALREADY_CLAIMED (assign of an assigned alert: use reassignAlert),
 * INVALID_TRANSITION (the lifecycle's assign or reassign row: a closed alert, or nobody to reassign from),
 * BAD_USER_INPUT (already this advisor's), then ADVISOR_AT_CAPACITY. Already with this advisor: a retry.
 */
export function decideAssign(s: TakeState, v: Viewer, req: { advisorId: string; reassign: boolean }): Decision {
  const a = visibleAlert(v, s.me, s.alert);
  if (isRefusal(a)) return a;
  const advisor = s.advisor;
  if (!advisor || !advisor.active || (v.role === 'OPERATOR' && advisor.consulate_id !== v.consulateId)) return notFound('advisor');
  if (isRetry({ op: 'assign', advisorId: req.advisorId }, retryView(a), null)) return NOTHING;
  if (!req.reassign && isAssigned(a.status)) return new AppError(ErrorCode.ALREADY_CLAIMED, 'this alert is already assigned; use reassignAlert');
  // The lifecycle comes before "already theirs": a closed alert keeps the advisor who attended it on record.
  const refused = transitionRefusal(req.reassign ? 'reassign' : 'assign', a.status, 'ACKNOWLEDGED', v.role);
  if (refused) return refused;
  if (a.assigned_advisor_id === req.advisorId) return badInput('the alert is already assigned to this advisor', 'advisorId');
  return {
    steps: [
      ...unassign(a),
      { do: 'reserve', advisorId: req.advisorId },
      ...closeOffer(a, req.advisorId),
      { do: 'status', to: 'ACKNOWLEDGED', actor: actorOf(v), type: req.reassign ? 'REASSIGNED' : 'ASSIGNED' },
      { do: 'assign', advisorId: req.advisorId },
    ],
  };
}
