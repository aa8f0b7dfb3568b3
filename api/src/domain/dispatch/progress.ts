import { AppError, ErrorCode, badInput } from '../errors.js';
import { DISPOSITIONS, transitionRefusal, type AlertStatus } from '../lifecycle.js';
import { isRetry, needsEvidence, type Evidence, type Request } from '../retry.js';
import type { Viewer } from '../viewer.js';
import { NOTHING, closeOffer, isRefusal, retryView, unassign, type AdvisorState, type AlertState, type Decision } from './plan.js';
import { actorOf, visibleAlert } from './visibility.js';

/** What a status change looks at: the acting advisor, the locked alert, and the retry evidence when `needsEvidence`. */
export interface ChangeState {
  me: AdvisorState | null;
  alert: AlertState | null;
  evidence: Evidence | null;
}

const DISPOSITION_SET = new Set<string>(DISPOSITIONS);

/** A retry of `r` (domain/retry.ts), with the evidence the service read when the row asked for it. */
const retried = (r: Request, a: AlertState, ev: Evidence | null) => (needsEvidence(r, retryView(a)) ? isRetry(r, retryView(a), ev) : isRetry(r, retryView(a), null));

/**
 * The control room takes over: the alert leaves any advisor and waits for the control room. Refusals:
 * NOT_FOUND, then the lifecycle (INVALID_TRANSITION … by ROLE). The same escalation again: a retry.
 */
export function decideEscalate(s: ChangeState, v: Viewer, req: { note: string | null }): Decision {
  const a = visibleAlert(v, s.me, s.alert);
  if (isRefusal(a)) return a;
  if (retried({ op: 'escalate', by: actorOf(v), note: req.note }, a, s.evidence)) return NOTHING;
  const refused = transitionRefusal('escalate', a.status, 'ESCALATED', v.role);
  if (refused) return refused;
  return { steps: [...closeOffer(a, null), { do: 'status', to: 'ESCALATED', actor: actorOf(v), note: req.note }, ...unassign(a)] };
}

/**
 * The assigned advisor reports EN_ROUTE or ON_SCENE (the control room may report for them). Refusals:
 * FORBIDDEN/NOT_FOUND (visibility), FORBIDDEN (an advisor not assigned to it), then the lifecycle.
 */
export function decideProgress(s: ChangeState, v: Viewer, req: { to: Extract<AlertStatus, 'EN_ROUTE' | 'ON_SCENE'> }): Decision {
  const a = visibleAlert(v, s.me, s.alert);
  if (isRefusal(a)) return a;
  if (v.role === 'ADVISOR' && a.assigned_advisor_id !== v.advisorId) return new AppError(ErrorCode.FORBIDDEN, 'only the assigned advisor reports progress');
  if (retried({ op: 'progress', to: req.to, by: actorOf(v) }, a, s.evidence)) return NOTHING;
  const refused = transitionRefusal('progress', a.status, req.to, v.role);
  if (refused) return refused;
  return { steps: [{ do: 'status', to: req.to, actor: actorOf(v) }] };
}

/** The request's own checks, before any database work: BAD_USER_INPUT naming the field. */
export function resolveInputRefusal(req: { disposition: string; note: string | null }): AppError | null {
  if (!DISPOSITION_SET.has(req.disposition)) return badInput(`disposition must be one of ${DISPOSITIONS.join(', ')}`, 'disposition');
  if (req.note !== null && [...req.note].length > 2000) return badInput('note must be at most 2000 characters', 'note');
  return null;
}

/**
 * Closes an alert with a disposition and frees the assigned advisor's capacity (they stay on record as
 * the one who attended). Refusals: BAD_USER_INPUT (disposition, note), visibility, FORBIDDEN (an advisor not
 * assigned to it), then the lifecycle (a closed alert: "cannot become RESOLVED").
 */
export function decideResolve(s: ChangeState, v: Viewer, req: { disposition: string; note: string | null }): Decision {
  const input = resolveInputRefusal(req);
  if (input) return input;
  const a = visibleAlert(v, s.me, s.alert);
  if (isRefusal(a)) return a;
  if (v.role === 'ADVISOR' && a.assigned_advisor_id !== v.advisorId) return new AppError(ErrorCode.FORBIDDEN, 'only the assigned advisor resolves');
  if (retried({ op: 'resolve', by: actorOf(v), disposition: req.disposition, note: req.note }, a, s.evidence)) return NOTHING;
  const refused = transitionRefusal('resolve', a.status, 'RESOLVED', v.role);
  if (refused) return refused;
  return {
    steps: [
      ...closeOffer(a, null),
      { do: 'status', to: 'RESOLVED', actor: actorOf(v), note: req.disposition },
      { do: 'resolution', disposition: req.disposition, note: req.note },
      ...(a.assigned_advisor_id ? [{ do: 'release' as const, advisorId: a.assigned_advisor_id }] : []),
    ],
  };
}
