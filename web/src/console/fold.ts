import type { AlertStatus, ConsoleAlertEventsSubscription } from '../gql/graphql';

export type AlertEvent = ConsoleAlertEventsSubscription['alertEvents'];
export type AlertSnapshot = AlertEvent['alert'];

export interface AlertEntry {
  alert: AlertSnapshot;
  /** The last lifecycle step seen, so the list can say what just happened. */
  lastEvent: { type: string; at: string };
}

export interface AlertState {
  readonly alerts: ReadonlyMap<string, AlertEntry>;
  /** The last cursor applied: the resume point after a reconnect. Null until the first event. */
  readonly cursor: string | null;
}

export const emptyAlertState: AlertState = { alerts: new Map(), cursor: null };

/** Operators read an alert out loud by the first 8 characters of its id (see schema: Alert.id). */
export const shortCode = (id: string): string => id.slice(0, 8);

const TERMINAL: ReadonlySet<AlertStatus> = new Set<AlertStatus>(['RESOLVED', 'CANCELLED']);
export const isOpen = (status: AlertStatus): boolean => !TERMINAL.has(status);

/**
 * Applies one event. Each event carries the whole alert snapshot, so the newest event for an id
 * simply replaces the older entry. Pure: returns a new state and never mutates the old one, which is
 * what lets React (and the tests) compare states by reference.
 */
export function foldAlertEvent(state: AlertState, event: AlertEvent): AlertState {
  // The server replays exactly once after `after`, but a resend of the very last event (e.g. a
  // retry racing a reconnect) must still be harmless.
  if (state.cursor !== null && event.cursor === state.cursor) return state;
  const alerts = new Map(state.alerts);
  alerts.set(event.alert.id, { alert: event.alert, lastEvent: { type: event.type, at: event.at } });
  return { alerts, cursor: event.cursor };
}

export const foldAlertEvents = (state: AlertState, events: readonly AlertEvent[]): AlertState =>
  events.reduce(foldAlertEvent, state);

/** Open alerts first (they need someone), newest first within each group. */
export function alertList(state: AlertState): AlertEntry[] {
  return [...state.alerts.values()].sort((a, b) => {
    const open = Number(isOpen(b.alert.status)) - Number(isOpen(a.alert.status));
    if (open !== 0) return open;
    return Date.parse(b.alert.createdAt) - Date.parse(a.alert.createdAt);
  });
}
