import type { AlertEvent, AlertSnapshot } from './fold';

/** Test data for the console's pure parts: an open alert in Los Angeles, changed by `over`. */
export function alertSnapshot(id: string, over: Partial<AlertSnapshot> = {}): AlertSnapshot {
  return {
    id,
    shortCode: id.slice(0, 8), // as the API serves it today; the console only reads the field
    status: 'RAISED',
    kind: 'IMMINENT_DETENTION',
    createdAt: '2026-11-28T03:00:00.000Z',
    duress: false,
    offerCount: 0,
    location: { lat: 34.05, lon: -118.25, precise: true },
    consulate: { id: 'losangeles', name: 'Consulado General de México en Los Ángeles' },
    jurisdictionMatch: { method: 'CONTAINED', distanceKm: 0 },
    offer: null,
    assignedAdvisor: null,
    ...over,
  };
}

let seq = 0;
/** An event carrying `alert`, with the next cursor; its type defaults to the alert's status. */
export function eventOf(alert: AlertSnapshot, type: AlertEvent['type'] = alert.status): AlertEvent {
  seq += 1;
  return { cursor: String(seq), type, at: '2026-11-28T03:00:05.000Z', alert };
}
