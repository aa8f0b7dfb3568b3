import { AppError, ErrorCode, badInput, notFound } from '../errors.js';
import { SILENT_DURESS_EVENT, hasSilentDuress } from '../duress.js';
import { isOpen, transitionRefusal } from '../lifecycle.js';
import { isRetry } from '../retry.js';
import { NOTHING, isRefusal, type ActorRef, type AlertState, type Decision, type Plan, type Step } from './plan.js';
import type { Point } from '../geo.js';
import type { MatchMethod } from '../../generated/enums.js';

const personActor = (personId: string): ActorRef => ({ role: 'PERSON', id: personId });

/** The person's own alert, or NOT_FOUND (another's alert is answered as a missing one). */
const own = <A extends AlertState>(a: A | null, personId: string): A | AppError => (a && a.person_id === personId ? a : notFound('alert'));

/**
 * The cancel itself, with the PIN already accepted (cancel or duress). Refusals: NOT_FOUND, then the
 * lifecycle (a closed alert "cannot become CANCELLED"). Already cancelled by them, really or under duress:
 * the same success for both, nothing written, so pressing cancel twice never tells which PIN was typed.
 * Under duress, or after a duress PIN given during a lockout, it only looks cancelled to the phone: the
 * alert stays open, flagged for the control room at top priority, and nothing is released.
 */
export function decideCancel(a0: AlertState | null, personId: string, req: { duress: boolean }): Decision {
  const a = own(a0, personId);
  if (isRefusal(a)) return a;
  if (isRetry({ op: 'cancel', personId }, { status: a.status, personId: a.person_id, assignedAdvisorId: a.assigned_advisor_id, offerAdvisorId: a.offer_advisor_id, duress: a.duress }, null)) return NOTHING;
  const refused = transitionRefusal('cancel', a.status, 'CANCELLED', 'PERSON');
  if (refused) return refused;
  const actor = personActor(personId);
  if (req.duress) return duressed(actor, 'cancelled with the duress PIN: keep it active at top priority');
  if (hasSilentDuress(a.flags)) return duressed(actor, 'cancelled after a duress PIN given during a PIN lockout: keep it active at top priority');
  return {
    steps: [
      ...(a.current_offer_id !== null ? [{ do: 'settle' as const, offerId: Number(a.current_offer_id), outcome: 'WITHDRAWN' as const }] : []),
      { do: 'status', to: 'CANCELLED', actor },
      ...(a.assigned_advisor_id ? [{ do: 'release' as const, advisorId: a.assigned_advisor_id }] : []),
    ],
  };
}

/** The note is for the control room: the phone's timeline shows this event as a plain CANCELLED. */
const duressed = (actor: ActorRef, note: string): Plan => ({ steps: [{ do: 'duress' }, { do: 'event', type: 'DURESS', actor, extra: { note } }] });

/**
 * A duress PIN where the phone must see no change (domain/duress.ts): a flag and an event for the control
 * room only. Nothing for an alert already under duress, closed, or not the person's.
 */
export function decideSilentDuress(a: AlertState | null, personId: string, req: { flag: string; note: string }): Plan {
  if (!a || a.person_id !== personId || !isOpen(a.status) || a.duress || hasSilentDuress(a.flags)) return NOTHING;
  return { steps: [{ do: 'flag', flag: req.flag }, { do: 'event', type: SILENT_DURESS_EVENT, actor: personActor(personId), extra: { note: req.note } }] };
}

/** A fix more than a minute in the future is refused before any database work. */
export function locationInputRefusal(req: { recordedAt: Date }, now: Date): AppError | null {
  return req.recordedAt.getTime() > now.getTime() + 60_000 ? badInput('recordedAt is in the future', 'recordedAt') : null;
}

/**
 * Whether a new position is taken. Refusals: BAD_USER_INPUT (in the future), NOT_FOUND, INVALID_TRANSITION
 * (closed as the phone sees it: an alert cancelled with the duress PIN refuses locations as a cancelled
 * one does, or the two cancels could be told apart), BAD_USER_INPUT (older than the newest fix kept).
 */
export function decideLocation(s: { alert: AlertState | null; lastFixAt: Date | null }, personId: string, req: { recordedAt: Date }, now: Date): AppError | null {
  const input = locationInputRefusal(req, now);
  if (input) return input;
  const a = own(s.alert, personId);
  if (isRefusal(a)) return a;
  const shown = a.duress ? 'CANCELLED' : a.status;
  if (!isOpen(shown)) return new AppError(ErrorCode.INVALID_TRANSITION, `an alert that is ${shown} no longer takes locations`, { from: shown });
  if (s.lastFixAt && req.recordedAt < s.lastFixAt) return badInput('this location is older than one already received', 'recordedAt');
  return null;
}

/** A fix as routed (services/: `routePoint`): where it is, when it was taken, the district it fell in. */
export interface RoutedFix {
  point: Point;
  recordedAt: Date;
  method: MatchMethod;
  distanceM: number;
}

/**
 * The position is kept (with `fix`: in the track, then as the alert's position); in another consulate's
 * district the alert is handed over (one event both control rooms see), otherwise the move is recorded.
 * The caller then re-offers a handed-over alert (offers.ts).
 */
export function decideMove(a: AlertState, personId: string, to: { consulateId: string; fix?: RoutedFix }): Plan & { handedOver: boolean } {
  const actor = personActor(personId);
  const f = to.fix;
  const kept: Step[] = f
    ? [{ do: 'track', point: f.point, recordedAt: f.recordedAt, consulateId: to.consulateId },
        { do: 'position', point: f.point, consulateId: to.consulateId, method: f.method, distanceM: f.distanceM }]
    : [];
  if (to.consulateId === a.consulate_id) return { steps: [...kept, { do: 'event', type: 'LOCATION_UPDATED', actor }], handedOver: false };
  return {
    steps: [...kept, { do: 'event', type: 'HANDED_OVER', actor, extra: { consulateId: to.consulateId, fromConsulateId: a.consulate_id, note: `${a.consulate_id} -> ${to.consulateId}` } }],
    handedOver: true,
  };
}
