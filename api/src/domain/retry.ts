import { isAssigned, type Actor } from './lifecycle.js';

/**
 * "Is this request a retry of what already happened?" When an answer is lost (a dropped connection, a
 * killed process, a client timeout), the client sends the same request again. If the first one
 * committed, the retry must get the same success, not a refusal describing the state the first one
 * made (ALREADY_CLAIMED to the advisor who won the claim, and nobody goes). A retry recognised here
 * changes nothing: no second event, no second capacity unit, no second offer settled.
 *
 * Recognised from the state alone, so no mutation needs an idempotency key besides `raiseAlert` (which
 * creates a row and has no state to compare against): each of these leaves a trace that says who asked
 * for what, and a retry is a request whose outcome is already that trace. Where the row alone is not
 * enough (who moved the alert into its status, and with which note), the caller reads `Evidence` first,
 * but only when `needsEvidence` says the row looks like the request's outcome (a real first request
 * pays nothing).
 */

export interface Requester {
  role: Actor;
  /** ADVISOR: the advisor id; control room: the token's subject (as alert_events.actor_id records it). */
  id: string | null;
}

export type Request =
  /** claimAlert (accepting an offer is claiming it). */
  | { op: 'claim'; advisorId: string }
  /** assignAlert or reassignAlert to `advisorId`. */
  | { op: 'assign'; advisorId: string }
  /** updateAlertStatus. */
  | { op: 'progress'; to: 'EN_ROUTE' | 'ON_SCENE'; by: Requester }
  | { op: 'escalate'; by: Requester; note: string | null }
  | { op: 'resolve'; by: Requester; disposition: string; note: string | null }
  /** cancelAlert with a PIN already accepted (cancel or duress: the same rule for both). */
  | { op: 'cancel'; personId: string }
  | { op: 'decline'; advisorId: string };

/** The alert's row as the dispatch transaction locked it. */
export interface AlertNow {
  status: string;
  personId: string;
  assignedAdvisorId: string | null;
  /** The advisor the alert's open offer is made to, if any. */
  offerAdvisorId: string | null;
  duress: boolean;
}

/** What the row does not say: read only when `needsEvidence` asks. */
export interface Evidence {
  /** The alert's latest event of type `entryType(request)`: the one that moved it into its status. */
  entry: { actorRole: string; actorId: string | null; note: string | null } | null;
  /** alerts.disposition and resolution_note. */
  disposition: string | null;
  resolutionNote: string | null;
  /** The outcome of the requesting advisor's latest offer of this alert (decline only). */
  myOfferOutcome: string | null;
}

/**
 * The event type that moves an alert into the status the request asks for. Each of these statuses is
 * entered only by an event of its own name (schema/README.md), so with the alert in that status, the
 * latest event of that type is the one that put it there.
 */
export function entryType(r: Request): string | null {
  if (r.op === 'progress') return r.to;
  if (r.op === 'escalate') return 'ESCALATED';
  if (r.op === 'resolve') return 'RESOLVED';
  return null;
}

/** Only when the row already shows the request's outcome can it be a retry; otherwise it is decided as new. */
export function needsEvidence(r: Request, a: AlertNow): boolean {
  switch (r.op) {
    case 'progress':
      return a.status === r.to;
    case 'escalate':
      return a.status === 'ESCALATED';
    case 'resolve':
      return a.status === 'RESOLVED';
    case 'decline':
      // An open offer to this advisor is declined as new; otherwise theirs may be declined already.
      return a.offerAdvisorId !== r.advisorId;
    default:
      return false;
  }
}

const sameActor = (e: NonNullable<Evidence['entry']>, by: Requester) => e.actorRole === by.role && e.actorId === by.id;

/**
 * True when `r` asks for what the alert already shows *from this requester*: answer it as a success and
 * write nothing. `ev` is required when `needsEvidence(r, a)`; otherwise it is not looked at.
 */
export function isRetry(r: Request, a: AlertNow, ev: Evidence | null): boolean {
  switch (r.op) {
    // The advisor holds it: whoever put them there, their claim's outcome is theirs.
    case 'claim':
    case 'assign':
      return isAssigned(a.status) && a.assignedAdvisorId === r.advisorId;
    // Only the person cancels their alert, so a cancelled alert of theirs was cancelled by them. A duress
    // cancel must answer exactly as a real one (the phone may be in someone else's hands): both are retries.
    case 'cancel':
      return a.personId === r.personId && (a.status === 'CANCELLED' || a.duress);
    case 'progress':
      return needsEvidence(r, a) && !!ev?.entry && sameActor(ev.entry, r.by);
    case 'escalate':
      return needsEvidence(r, a) && !!ev?.entry && sameActor(ev.entry, r.by) && ev.entry.note === r.note;
    // Another disposition or note is a different request, whose content would be lost: not a retry.
    case 'resolve':
      return needsEvidence(r, a) && !!ev?.entry && sameActor(ev.entry, r.by) && ev.disposition === r.disposition && ev.resolutionNote === r.note;
    // Each advisor is offered an alert at most once, so their offer of it, declined, is this decline.
    case 'decline':
      return needsEvidence(r, a) && ev?.myOfferOutcome === 'DECLINED';
  }
}
