import { describe, expect, it } from 'vitest';
import {
  searchQueue,
  alertQueue,
  alertReducer,
  countByStatus,
  emptyAlertState,
  foldAlertEvent,
  foldAlertEvents,
  foldLoadedAlerts,
  type AlertEvent,
  type AlertSnapshot,
} from './fold';
import type { AlertStatus } from '../gql/graphql';
import { alertSnapshot, eventOf } from './testAlerts';

const snapshot = (id: string, status: AlertStatus, createdAt = '2026-11-28T03:00:00.000Z', over: Partial<AlertSnapshot> = {}): AlertSnapshot =>
  alertSnapshot(id, { status, createdAt, ...over });

const event = (id: string, status: AlertStatus, createdAt?: string, over: Partial<AlertSnapshot> = {}, type: AlertEvent['type'] = status): AlertEvent =>
  eventOf(snapshot(id, status, createdAt, over), type);

const A = 'aaaaaaaa-1111-4111-8111-111111111111';
const B = 'bbbbbbbb-2222-4222-8222-222222222222';
const C = 'cccccccc-3333-4333-8333-333333333333';
const D = 'dddddddd-4444-4444-8444-444444444444';

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

describe('initial load (foldLoadedAlerts / alertReducer)', () => {
  it('adds every loaded alert and takes the cursor read before them', () => {
    const s = alertReducer(emptyAlertState, { type: 'loaded', alerts: [snapshot(A, 'RAISED'), snapshot(B, 'ESCALATED')], cursor: '41' });
    expect([...s.alerts.keys()].sort()).toEqual([A, B]);
    expect(s.alerts.get(A)?.lastEvent).toBeNull();
    expect(s.cursor).toBe('41');
  });

  it('is idempotent: loading the same alerts again changes nothing', () => {
    const loaded = [snapshot(A, 'RAISED'), snapshot(B, 'OFFERED')];
    const s1 = foldLoadedAlerts(emptyAlertState, loaded, '7');
    const s2 = foldLoadedAlerts(s1, loaded, '7');
    expect(s2).toEqual(s1);
    expect(s2.alerts.size).toBe(2);
  });

  it('an event for an already loaded alert updates it instead of adding another', () => {
    const s1 = alertReducer(emptyAlertState, { type: 'loaded', alerts: [snapshot(A, 'OFFERED')], cursor: '7' });
    const e = event(A, 'ACKNOWLEDGED', undefined, { assignedAdvisor: { id: 'adv-1', name: 'Ana' } }, 'ASSIGNED');
    const s2 = alertReducer(s1, { type: 'event', event: e });
    expect(s2.alerts.size).toBe(1);
    expect(s2.alerts.get(A)?.alert.status).toBe('ACKNOWLEDGED');
    expect(s2.alerts.get(A)?.alert.assignedAdvisor?.name).toBe('Ana');
    expect(s2.alerts.get(A)?.lastEvent?.type).toBe('ASSIGNED');
    expect(s2.cursor).toBe(e.cursor);
  });

  it('a loaded snapshot keeps the last event already seen for that alert', () => {
    const s1 = foldAlertEvent(emptyAlertState, event(A, 'RAISED'));
    const s2 = foldLoadedAlerts(s1, [snapshot(A, 'OFFERED')], '99');
    expect(s2.alerts.get(A)?.alert.status).toBe('OFFERED');
    expect(s2.alerts.get(A)?.lastEvent?.type).toBe('RAISED');
  });
});

describe('searchQueue', () => {
  it('finds alerts by the start of their id as read out on the phone, ignoring case and spaces', () => {
    const s = foldAlertEvents(emptyAlertState, [event(A, 'RAISED'), event(B, 'OFFERED'), event(C, 'EN_ROUTE')]);
    const q = alertQueue(s);
    expect(searchQueue(q, '').length).toBe(3);
    expect(searchQueue(q, ' BBBB bbbb ').map((e) => e.alert.id)).toEqual([B]);
    expect(searchQueue(q, 'cc').map((e) => e.alert.id)).toEqual([C]);
    expect(searchQueue(q, 'zz')).toEqual([]);
  });

  it('matches the short code the API serves, not one derived here', () => {
    const s = foldAlertEvents(emptyAlertState, [event(A, 'RAISED', undefined, { shortCode: 'KX7Q2M4P' }), event(B, 'RAISED')]);
    expect(searchQueue(alertQueue(s), 'kx7 q').map((e) => e.alert.id)).toEqual([A]);
    expect(searchQueue(alertQueue(s), A.slice(0, 13)).map((e) => e.alert.id)).toEqual([A]);
  });
});

describe('alertQueue', () => {
  it('orders duress first, then escalated, then untaken (raised or offered), then oldest first', () => {
    const s = foldAlertEvents(emptyAlertState, [
      event(A, 'RAISED', '2026-11-28T03:00:00.000Z'),
      event(B, 'ESCALATED', '2026-11-28T03:20:00.000Z'),
      event(C, 'OFFERED', '2026-11-28T03:30:00.000Z', { duress: true }),
      event(D, 'ACKNOWLEDGED', '2026-11-28T02:50:00.000Z'),
    ]);
    expect(alertQueue(s).map((e) => e.alert.shortCode)).toEqual(['cccccccc', 'bbbbbbbb', 'aaaaaaaa', 'dddddddd']);
  });

  it('puts a duress alert ahead of an escalated one even when it is newer, and orders duress alerts by age', () => {
    const s = foldAlertEvents(emptyAlertState, [
      event(A, 'OFFERED', '2026-11-28T03:00:00.000Z', { duress: true }),
      event(B, 'ESCALATED', '2026-11-28T02:00:00.000Z'),
      event(C, 'RAISED', '2026-11-28T02:30:00.000Z', { duress: true }),
    ]);
    expect(alertQueue(s).map((e) => e.alert.id)).toEqual([C, A, B]);
  });

  it('leaves closed alerts (RESOLVED, CANCELLED) out', () => {
    const s = foldAlertEvents(emptyAlertState, [event(A, 'RESOLVED'), event(B, 'CANCELLED'), event(C, 'EN_ROUTE'), event(D, 'RAISED'), event(D, 'CANCELLED')]);
    expect(alertQueue(s).map((e) => e.alert.id)).toEqual([C]);
  });

  it("for an operator, leaves out alerts handed over to another consulate", () => {
    const s = foldAlertEvents(emptyAlertState, [
      event(A, 'RAISED'),
      event(B, 'OFFERED', undefined, { consulate: { id: 'sandiego', name: 'San Diego' } }, 'HANDED_OVER'),
    ]);
    expect(alertQueue(s, 'losangeles').map((e) => e.alert.id)).toEqual([A]);
    expect(alertQueue(s).map((e) => e.alert.id).sort()).toEqual([A, B]);
  });
});

describe('countByStatus', () => {
  it('counts alerts per status and under duress', () => {
    const s = foldAlertEvents(emptyAlertState, [
      event(A, 'RAISED'),
      event(B, 'RAISED', undefined, { duress: true }),
      event(C, 'ESCALATED'),
      event(D, 'RESOLVED'),
    ]);
    const c = countByStatus(s.alerts.values());
    expect(c.byStatus).toEqual({ RAISED: 2, OFFERED: 0, ACKNOWLEDGED: 0, EN_ROUTE: 0, ON_SCENE: 0, RESOLVED: 1, CANCELLED: 0, ESCALATED: 1 });
    expect(c.duress).toBe(1);
    expect(c.total).toBe(4);
  });

  it('is all zeros for no alerts', () => {
    const c = countByStatus([]);
    expect(Object.values(c.byStatus).every((n) => n === 0)).toBe(true);
    expect(c.total).toBe(0);
  });
});
