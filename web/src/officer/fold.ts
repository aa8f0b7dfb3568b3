import type { OfficerAlertFieldsFragment, OfficerNearbyAlertsSubscription } from '../gql/graphql';
import { distanceKm, type LatLon } from '../field/geo';

export type OfficerAlert = OfficerAlertFieldsFragment;
export type NearbyEvent = OfficerNearbyAlertsSubscription['nearbyAlerts'];

export interface NearbyEntry {
  alert: OfficerAlert;
  /** The last step seen for it; null when only read (claim answer, reload). */
  lastEvent: { type: string; at: string } | null;
}

export interface NearbyState {
  readonly alerts: ReadonlyMap<string, NearbyEntry>;
  /** The last event applied, to ignore a repeated delivery. */
  readonly cursor: string | null;
}

export type NearbyAction =
  | { type: 'event'; event: NearbyEvent }
  /** An alert as a mutation or a query returned it. */
  | { type: 'snapshot'; alert: OfficerAlert }
  /** An alert read when the page opened: never replaces what the stream already delivered (newer). */
  | { type: 'restore'; alert: OfficerAlert }
  /** Out of our hands (declined, or no longer visible to us). */
  | { type: 'forget'; id: string };

export const emptyNearby: NearbyState = { alerts: new Map(), cursor: null };

const CLOSED = new Set(['RESOLVED', 'CANCELLED']);
export const isClosed = (a: Pick<OfficerAlert, 'status'>): boolean => CLOSED.has(a.status);

function put(state: NearbyState, alert: OfficerAlert, lastEvent: NearbyEntry['lastEvent'], cursor: string | null): NearbyState {
  const alerts = new Map(state.alerts);
  // A closed alert leaves the field list: there is nothing left to do for it.
  if (isClosed(alert)) alerts.delete(alert.id);
  else alerts.set(alert.id, { alert, lastEvent });
  return { alerts, cursor };
}

/**
 * Folds one action into the state. Every event carries the whole alert, so the newest one for an id
 * replaces the older entry. Pure: never mutates `state`.
 */
export function foldNearby(state: NearbyState, action: NearbyAction): NearbyState {
  switch (action.type) {
    case 'event': {
      const e = action.event;
      if (state.cursor !== null && e.cursor === state.cursor) return state;
      return put(state, e.alert, { type: e.type, at: e.at }, e.cursor);
    }
    case 'snapshot':
      return put(state, action.alert, state.alerts.get(action.alert.id)?.lastEvent ?? null, state.cursor);
    case 'restore':
      return state.alerts.has(action.alert.id) ? state : put(state, action.alert, null, state.cursor);
    case 'forget': {
      if (!state.alerts.has(action.id)) return state;
      const alerts = new Map(state.alerts);
      alerts.delete(action.id);
      return { alerts, cursor: state.cursor };
    }
  }
}

export interface NearbyItem extends NearbyEntry {
  /** From my position to the alert (coarse for alerts not assigned to me); null without a position. */
  distanceKm: number | null;
  ageMs: number;
  /** Assigned to me. */
  mine: boolean;
  /** Someone else has it. */
  takenByOther: boolean;
  /** An offer made to me, still running. */
  offerToMe: boolean;
  /** Until the current offer (to anyone) expires; null without an offer. */
  offerRemainingMs: number | null;
}

/** The list, nearest first (alerts at an unknown distance last, then oldest first). */
export function nearbyItems(state: NearbyState, me: LatLon | null, advisorId: string, now: number): NearbyItem[] {
  const items = [...state.alerts.values()].map((entry): NearbyItem => {
    const { alert } = entry;
    const assigned = alert.assignedAdvisor?.id ?? null;
    const offerRemainingMs = alert.offer ? Date.parse(alert.offer.expiresAt) - now : null;
    return {
      ...entry,
      distanceKm: me ? distanceKm(me, alert.location) : null,
      ageMs: Math.max(0, now - Date.parse(alert.createdAt)),
      mine: assigned === advisorId,
      takenByOther: assigned !== null && assigned !== advisorId,
      offerToMe: alert.offer?.advisor.id === advisorId && (offerRemainingMs ?? 0) > 0,
      offerRemainingMs,
    };
  });
  return items.sort(byDistance);
}

export function byDistance(a: Pick<NearbyItem, 'distanceKm' | 'alert'>, b: Pick<NearbyItem, 'distanceKm' | 'alert'>): number {
  if (a.distanceKm !== null && b.distanceKm !== null && a.distanceKm !== b.distanceKm) return a.distanceKm - b.distanceKm;
  if (a.distanceKm === null && b.distanceKm !== null) return 1;
  if (a.distanceKm !== null && b.distanceKm === null) return -1;
  const age = Date.parse(a.alert.createdAt) - Date.parse(b.alert.createdAt);
  return age !== 0 ? age : a.alert.id.localeCompare(b.alert.id);
}
