import type { AlertStatus, ConsoleAlertEventsSubscription, ConsoleAlertFieldsFragment } from '../gql/graphql';

export type AlertEvent = ConsoleAlertEventsSubscription['alertEvents'];
export type AlertSnapshot = ConsoleAlertFieldsFragment;

export interface AlertEntry {
  alert: AlertSnapshot;
  /** The last lifecycle step seen, so the list can say what just happened; null when only loaded. */
  lastEvent: { type: string; at: string } | null;
}

export interface AlertState {
  readonly alerts: ReadonlyMap<string, AlertEntry>;
  /** The last cursor applied: the resume point after a reconnect. Null until loaded or the first event. */
  readonly cursor: string | null;
}

/** What the stream hook feeds the reducer: the initial load, then one action per event. */
export type AlertAction =
  | { type: 'loaded'; alerts: readonly AlertSnapshot[]; cursor: string }
  | { type: 'event'; event: AlertEvent };

export const emptyAlertState: AlertState = { alerts: new Map(), cursor: null };

const TERMINAL: ReadonlySet<AlertStatus> = new Set<AlertStatus>(['RESOLVED', 'CANCELLED']);
export const isOpen = (status: AlertStatus): boolean => !TERMINAL.has(status);

/**
 * Applies one event. Each event carries the whole alert snapshot, so the newest event for an id
 * simply replaces the older entry (also one that came from the initial load). Pure: returns a new
 * state and never mutates the old one, which is what lets React (and the tests) compare by reference.
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

/**
 * The initial load: the open alerts as of `cursor` (read just before them). Idempotent: loading the
 * same alerts twice gives the same state, and an alert already known keeps its last event.
 */
export function foldLoadedAlerts(state: AlertState, loaded: readonly AlertSnapshot[], cursor: string): AlertState {
  const alerts = new Map(state.alerts);
  for (const alert of loaded) alerts.set(alert.id, { alert, lastEvent: state.alerts.get(alert.id)?.lastEvent ?? null });
  return { alerts, cursor };
}

export function alertReducer(state: AlertState, action: AlertAction): AlertState {
  return action.type === 'loaded' ? foldLoadedAlerts(state, action.alerts, action.cursor) : foldAlertEvent(state, action.event);
}

const NOBODY_YET: ReadonlySet<AlertStatus> = new Set<AlertStatus>(['RAISED', 'OFFERED']);

/**
 * Queue order: duress first, then escalated, then alerts nobody has taken yet, then oldest first (it
 * has waited longest). During a raid the alerts someone is already handling must not push a new one
 * out of sight.
 */
export function compareQueue(a: AlertEntry, b: AlertEntry): number {
  const duress = Number(b.alert.duress) - Number(a.alert.duress);
  if (duress !== 0) return duress;
  const escalated = Number(b.alert.status === 'ESCALATED') - Number(a.alert.status === 'ESCALATED');
  if (escalated !== 0) return escalated;
  const untaken = Number(NOBODY_YET.has(b.alert.status)) - Number(NOBODY_YET.has(a.alert.status));
  if (untaken !== 0) return untaken;
  const age = Date.parse(a.alert.createdAt) - Date.parse(b.alert.createdAt);
  return age !== 0 ? age : a.alert.id.localeCompare(b.alert.id);
}

/**
 * The work queue: open alerts only, in priority order. With `consulateId` (an operator), alerts
 * handed over to another consulate leave it too: that control room owns them now.
 */
export function alertQueue(state: AlertState, consulateId: string | null = null): AlertEntry[] {
  return [...state.alerts.values()]
    .filter((e) => isOpen(e.alert.status) && (consulateId === null || e.alert.consulate.id === consulateId))
    .sort(compareQueue);
}

/**
 * The queue narrowed to what the operator typed: the start of a short code as read out on the phone (the
 * API's Alert.shortCode), or of the whole id as pasted; case and spaces ignored. Empty text: the whole queue.
 */
export function searchQueue(entries: readonly AlertEntry[], text: string): readonly AlertEntry[] {
  const q = text.replace(/\s+/g, '').toLowerCase();
  if (q === '') return entries;
  return entries.filter(({ alert }) => alert.shortCode.toLowerCase().startsWith(q) || alert.id.toLowerCase().startsWith(q));
}

export const OPEN_STATUSES = ['RAISED', 'OFFERED', 'ESCALATED', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE'] as const satisfies readonly AlertStatus[];

export interface StatusCounts {
  byStatus: Record<AlertStatus, number>;
  duress: number;
  total: number;
}

/** Counts for the header strip: how many alerts in each status, and how many under duress. */
export function countByStatus(entries: Iterable<AlertEntry>): StatusCounts {
  const byStatus: Record<AlertStatus, number> = {
    RAISED: 0, OFFERED: 0, ACKNOWLEDGED: 0, EN_ROUTE: 0, ON_SCENE: 0, RESOLVED: 0, CANCELLED: 0, ESCALATED: 0,
  };
  let duress = 0;
  let total = 0;
  for (const { alert } of entries) {
    byStatus[alert.status] += 1;
    if (alert.duress) duress += 1;
    total += 1;
  }
  return { byStatus, duress, total };
}
