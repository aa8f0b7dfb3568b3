import type { AlertEvent, AlertState } from './fold';
import { isOpen } from './fold';

/** Why the console calls for attention: a new alert, one marked DURESS, one ESCALATED. */
export type CueKind = 'new' | 'duress' | 'escalated';

export interface Cue {
  kind: CueKind;
  alertId: string;
  /** How the banner names the alert: the code operators read out (the API's Alert.shortCode). */
  shortCode: string;
  /** The event's cursor: a cue is played once per event. */
  cursor: string;
}

/**
 * The cue an event calls for, given the state before it, or null. Only open alerts in scope
 * (`consulateId` for an operator) call for attention; duress wins over escalated over new.
 */
export function cueFor(before: AlertState, event: AlertEvent, consulateId: string | null): Cue | null {
  const { alert } = event;
  if (!isOpen(alert.status)) return null;
  if (consulateId !== null && alert.consulate.id !== consulateId) return null;
  const prev = before.alerts.get(alert.id)?.alert;
  // A hand-over into our district is new work for this room.
  const newHere = !prev || (consulateId !== null && prev.consulate.id !== consulateId);
  const cue = (kind: CueKind): Cue => ({ kind, alertId: alert.id, shortCode: alert.shortCode, cursor: event.cursor });
  if (alert.duress && !prev?.duress) return cue('duress');
  if (alert.status === 'ESCALATED' && prev?.status !== 'ESCALATED') return cue('escalated');
  return newHere ? cue('new') : null;
}
