import { describe, expect, it } from 'vitest';
import { alertList, emptyAlertState, foldAlertEvent, foldAlertEvents, shortCode, type AlertEvent } from './fold';
import type { AlertStatus } from '../gql/graphql';

let seq = 0;
function event(id: string, status: AlertStatus, createdAt = '2026-11-28T03:00:00.000Z', type: string = status): AlertEvent {
  seq += 1;
  return {
    cursor: String(seq),
    type,
    at: '2026-11-28T03:00:05.000Z',
    alert: {
      id,
      status,
      kind: 'IMMINENT_DETENTION',
      createdAt,
      location: { lat: 34.05, lon: -118.25, precise: true },
      consulate: { id: 'losangeles', name: 'Consulado General de México en Los Ángeles' },
      jurisdictionMatch: { method: 'CONTAINED', distanceKm: 0 },
      offer: null,
    },
  };
}

const A = 'aaaaaaaa-1111-4111-8111-111111111111';
const B = 'bbbbbbbb-2222-4222-8222-222222222222';

describe('foldAlertEvent', () => {
  it('adds a new alert keyed by id and remembers the cursor', () => {
    const e = event(A, 'RAISED');
    const s = foldAlertEvent(emptyAlertState, e);
    expect(s.alerts.size).toBe(1);
    expect(s.alerts.get(A)?.alert.status).toBe('RAISED');
    expect(s.alerts.get(A)?.lastEvent).toEqual({ type: 'RAISED', at: e.at });
    expect(s.cursor).toBe(e.cursor);
  });

  it('replaces the snapshot when a later event for the same alert arrives', () => {
    const s = foldAlertEvents(emptyAlertState, [event(A, 'RAISED'), event(A, 'OFFERED'), event(B, 'RAISED')]);
    expect(s.alerts.size).toBe(2);
    expect(s.alerts.get(A)?.alert.status).toBe('OFFERED');
  });

  it('does not mutate the previous state', () => {
    const s1 = foldAlertEvent(emptyAlertState, event(A, 'RAISED'));
    const s2 = foldAlertEvent(s1, event(B, 'RAISED'));
    expect(s1.alerts.size).toBe(1);
    expect(s2.alerts.size).toBe(2);
    expect(emptyAlertState.alerts.size).toBe(0);
  });

  it('ignores a repeated delivery of the last event', () => {
    const e = event(A, 'RAISED');
    const s1 = foldAlertEvent(emptyAlertState, e);
    expect(foldAlertEvent(s1, e)).toBe(s1);
  });
});

describe('alertList', () => {
  it('puts open alerts first, newest first', () => {
    const s = foldAlertEvents(emptyAlertState, [
      event(A, 'RESOLVED', '2026-11-28T03:10:00.000Z'),
      event(B, 'RAISED', '2026-11-28T03:00:00.000Z'),
      event('cccccccc-3333', 'ACKNOWLEDGED', '2026-11-28T03:05:00.000Z'),
    ]);
    expect(alertList(s).map((e) => shortCode(e.alert.id))).toEqual(['cccccccc', 'bbbbbbbb', 'aaaaaaaa']);
  });
});

describe('shortCode', () => {
  it('is the first 8 characters of the id', () => {
    expect(shortCode(A)).toBe('aaaaaaaa');
  });
});
