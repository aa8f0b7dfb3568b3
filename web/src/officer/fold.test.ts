import { describe, expect, it } from 'vitest';
import { emptyNearby, foldNearby, nearbyItems, type NearbyAction, type NearbyEvent, type OfficerAlert } from './fold';
import type { AlertStatus } from '../gql/graphql';

const ME = 'adv-me';
const NOW = Date.parse('2026-11-28T03:10:00.000Z');
const HERE = { lat: 34.05, lon: -118.25 };

function alert(id: string, over: Partial<OfficerAlert> = {}): OfficerAlert {
  return {
    id,
    shortCode: id.slice(0, 8),
    status: 'OFFERED',
    kind: 'IMMINENT_DETENTION',
    createdAt: '2026-11-28T03:00:00.000Z',
    duress: false,
    personLanguage: 'es',
    location: { lat: 34.06, lon: -118.25, accuracyM: null, precise: false },
    consulate: { id: 'losangeles', name: 'Los Ángeles' },
    offer: null,
    assignedAdvisor: null,
    ...over,
  };
}

let seq = 0;
const event = (a: OfficerAlert, type: NearbyEvent['type'] = a.status): NearbyEvent => ({ cursor: String(++seq), type, at: '2026-11-28T03:00:05.000Z', alert: a });
const run = (...actions: NearbyAction[]) => actions.reduce(foldNearby, emptyNearby);

const A = 'aaaaaaaa-1111-4111-8111-111111111111';
const B = 'bbbbbbbb-2222-4222-8222-222222222222';
const C = 'cccccccc-3333-4333-8333-333333333333';

describe('foldNearby', () => {
  it('adds alerts from events and replaces them with newer snapshots', () => {
    const s = run({ type: 'event', event: event(alert(A, { status: 'RAISED' })) }, { type: 'event', event: event(alert(A)) });
    expect(s.alerts.size).toBe(1);
    expect(s.alerts.get(A)?.alert.status).toBe('OFFERED');
    expect(s.alerts.get(A)?.lastEvent?.type).toBe('OFFERED');
  });

  it('drops an alert once it is closed', () => {
    for (const status of ['CANCELLED', 'RESOLVED'] as AlertStatus[]) {
      const s = run({ type: 'event', event: event(alert(A)) }, { type: 'event', event: event(alert(A, { status })) });
      expect(s.alerts.has(A)).toBe(false);
    }
  });

  it('keeps a duress alert (open for the consulate) and its flag', () => {
    const s = run({ type: 'event', event: event(alert(A)) }, { type: 'event', event: event(alert(A, { duress: true }), 'DURESS') });
    expect(s.alerts.get(A)?.alert.duress).toBe(true);
  });

  it('ignores a repeated delivery and never mutates the previous state', () => {
    const e = event(alert(A));
    const s1 = foldNearby(emptyNearby, { type: 'event', event: e });
    expect(foldNearby(s1, { type: 'event', event: e })).toBe(s1);
    const s2 = foldNearby(s1, { type: 'forget', id: A });
    expect(s1.alerts.size).toBe(1);
    expect(s2.alerts.size).toBe(0);
    expect(emptyNearby.alerts.size).toBe(0);
  });

  it('a snapshot (claim answer) updates the alert and keeps its last event', () => {
    const s = run(
      { type: 'event', event: event(alert(A)) },
      { type: 'snapshot', alert: alert(A, { status: 'ACKNOWLEDGED', assignedAdvisor: { id: ME, name: 'Yo' } }) },
    );
    expect(s.alerts.get(A)?.alert.status).toBe('ACKNOWLEDGED');
    expect(s.alerts.get(A)?.lastEvent?.type).toBe('OFFERED');
  });
});

describe('nearbyItems', () => {
  it('sorts by distance from me, nearest first', () => {
    const s = run(
      { type: 'event', event: event(alert(A, { location: { lat: 34.2, lon: -118.25, accuracyM: null, precise: false } })) },
      { type: 'event', event: event(alert(B, { location: { lat: 34.051, lon: -118.25, accuracyM: null, precise: false } })) },
      { type: 'event', event: event(alert(C, { location: { lat: 34.1, lon: -118.25, accuracyM: null, precise: false } })) },
    );
    const items = nearbyItems(s, HERE, ME, NOW);
    expect(items.map((i) => i.alert.id)).toEqual([B, C, A]);
    expect(items[0]!.distanceKm).toBeCloseTo(0.111, 2);
    expect(items[0]!.ageMs).toBe(10 * 60_000);
  });

  it('without my position, orders oldest first', () => {
    const s = run(
      { type: 'event', event: event(alert(A, { createdAt: '2026-11-28T03:05:00.000Z' })) },
      { type: 'event', event: event(alert(B, { createdAt: '2026-11-28T03:01:00.000Z' })) },
    );
    const items = nearbyItems(s, null, ME, NOW);
    expect(items.map((i) => i.alert.id)).toEqual([B, A]);
    expect(items[0]!.distanceKm).toBeNull();
  });

  it('tells offers to me (while running), my alerts and alerts taken by others apart', () => {
    const offer = (advisorId: string, expiresAt: string) => ({ distanceKm: 1.2, expiresAt, advisor: { id: advisorId, name: 'x' } });
    const s = run(
      { type: 'event', event: event(alert(A, { offer: offer(ME, '2026-11-28T03:10:45.000Z') })) },
      { type: 'event', event: event(alert(B, { offer: offer(ME, '2026-11-28T03:09:00.000Z') })) },
      { type: 'event', event: event(alert(C, { status: 'ACKNOWLEDGED', assignedAdvisor: { id: 'adv-other', name: 'Otra' } })) },
    );
    const byId = new Map(nearbyItems(s, HERE, ME, NOW).map((i) => [i.alert.id, i]));
    expect(byId.get(A)).toMatchObject({ offerToMe: true, offerRemainingMs: 45_000, mine: false, takenByOther: false });
    expect(byId.get(B)).toMatchObject({ offerToMe: false, offerRemainingMs: -60_000 });
    expect(byId.get(C)).toMatchObject({ takenByOther: true, mine: false, offerRemainingMs: null });
    const mine = run({ type: 'snapshot', alert: alert(A, { status: 'EN_ROUTE', assignedAdvisor: { id: ME, name: 'Yo' } }) });
    expect(nearbyItems(mine, HERE, ME, NOW)[0]).toMatchObject({ mine: true, takenByOther: false });
  });

  it('restores what the page read on open without overwriting what the stream delivered since (newer)', () => {
    const mine = { id: ME, name: 'Yo' };
    const streamed = run({ type: 'event', event: event(alert(A, { status: 'ON_SCENE', assignedAdvisor: mine })) });
    const restored = foldNearby(streamed, { type: 'restore', alert: alert(A, { status: 'ACKNOWLEDGED', assignedAdvisor: mine }) });
    expect(restored).toBe(streamed);
    const fresh = foldNearby(emptyNearby, { type: 'restore', alert: alert(B, { status: 'EN_ROUTE', assignedAdvisor: mine }) });
    expect(fresh.alerts.get(B)).toMatchObject({ alert: { status: 'EN_ROUTE' }, lastEvent: null });
    expect(foldNearby(fresh, { type: 'restore', alert: alert(C, { status: 'RESOLVED' }) }).alerts.has(C)).toBe(false);
  });
});
