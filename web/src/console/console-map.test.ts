import { describe, expect, it } from 'vitest';
import { advisorFeatures, emptyAdvisorState, foldAdvisorUpdates, type AdvisorUpdate } from './advisors';
import { selectionGeoJson } from './selection';
import { SLA_TARGETS_S, slaClock } from './sla';
import { formatClock } from './format';
import { cueFor } from './cue';
import { alertFeatures } from './geojson';
import { emptyAlertState, foldAlertEvent, alertQueue, type AlertEvent, type AlertSnapshot } from './fold';
import { alertSnapshot, eventOf } from './testAlerts';
import { diffFeatures } from '../map/incremental';

const upd = (id: string, over: Partial<AdvisorUpdate> = {}): AdvisorUpdate => ({
  advisor: { id, name: `A ${id}` },
  availability: 'AVAILABLE',
  active: true,
  location: { lat: 34, lon: -118 },
  locationAt: '2026-12-01T03:00:00.000Z',
  ...over,
});

const snapshot = alertSnapshot;
const ev = (alert: AlertSnapshot, type: AlertEvent['type'] = 'RAISED'): AlertEvent => eventOf(alert, type);

describe('advisors on the map', () => {
  it('folds positions: moves, availability, and drops deactivated or unpositioned advisors', () => {
    let s = foldAdvisorUpdates(emptyAdvisorState, [upd('a'), upd('b'), upd('c', { location: null })]);
    expect([...s.keys()]).toEqual(['a', 'b']);
    s = foldAdvisorUpdates(s, [upd('a', { availability: 'BUSY', locationAt: '2026-12-01T03:00:05.000Z' }), upd('b', { active: false })]);
    expect(s.get('a')?.availability).toBe('BUSY');
    expect(s.has('b')).toBe(false);
  });

  it('an update that changes nothing keeps the state and its features identical (nothing sent to the map)', () => {
    const s = foldAdvisorUpdates(emptyAdvisorState, [upd('a'), upd('b')]);
    const same = foldAdvisorUpdates(s, [upd('a')]);
    expect(same).toBe(s);
    const moved = foldAdvisorUpdates(s, [upd('a', { location: { lat: 34.1, lon: -118 }, locationAt: '2026-12-01T03:00:09.000Z' })]);
    const diff = diffFeatures(advisorFeatures(s), advisorFeatures(moved));
    expect(diff.add.map((f) => f.id)).toEqual(['a']);
    expect(diff.remove).toEqual([]);
  });

  it('a roster load older than a streamed position does not move the advisor back', () => {
    const s = foldAdvisorUpdates(emptyAdvisorState, [upd('a', { location: { lat: 35, lon: -118 }, locationAt: '2026-12-01T03:00:10.000Z' })]);
    const stale = foldAdvisorUpdates(s, [upd('a', { location: { lat: 34, lon: -118 }, locationAt: '2026-12-01T03:00:00.000Z' })]);
    expect(stale.get('a')?.lat).toBe(35);
  });
});

describe('alert features', () => {
  it('one event changes one feature of many: the rest keep their identity', () => {
    let state = emptyAlertState;
    for (let i = 0; i < 2000; i++) state = foldAlertEvent(state, ev(snapshot(`${String(i).padStart(8, '0')}-x`)));
    const before = alertFeatures(alertQueue(state));
    const next = foldAlertEvent(state, ev(snapshot('00000042-x', { status: 'OFFERED' }), 'OFFERED'));
    const after = alertFeatures(alertQueue(next));
    const diff = diffFeatures(before, after);
    expect(diff.add).toHaveLength(1);
    expect(diff.add[0]!.properties).toMatchObject({ id: '00000042-x', status: 'OFFERED' });
    expect(diff.remove).toEqual([]);
  });

  it('carries duress and escalation as numbers, for the cluster sums', () => {
    const state = foldAlertEvent(emptyAlertState, ev(snapshot('d', { duress: true, status: 'ESCALATED' })));
    expect(alertFeatures(alertQueue(state)).get('d')!.properties).toMatchObject({ duress: 1, escalated: 1 });
  });
});

describe('the selected alert on the map', () => {
  const pins = foldAdvisorUpdates(emptyAdvisorState, [upd('adv', { location: { lat: 34.2, lon: -118.4 } })]);
  it('draws the track oldest to newest, a ring, and a dashed offer line to the offered advisor', () => {
    const alert = snapshot('s', { offer: { distanceKm: 2, expiresAt: '2026-12-01T03:01:00.000Z', advisor: { id: 'adv', name: 'Ana' } } });
    const fc = selectionGeoJson(alert, [{ lat: 34.05, lon: -118.25 }, { lat: 34.0, lon: -118.2 }], pins);
    const kinds = fc.features.map((f) => f.properties?.kind);
    expect(kinds).toEqual(['track', 'track-point', 'track-point', 'offer', 'selected']);
    const track = fc.features[0]!.geometry as { coordinates: number[][] };
    expect(track.coordinates).toEqual([[-118.2, 34.0], [-118.25, 34.05]]);
    const offer = fc.features[3]!.geometry as { coordinates: number[][] };
    expect(offer.coordinates).toEqual([[-118.25, 34.05], [-118.4, 34.2]]);
  });
  it('an assignment wins over an offer; an advisor not on the map draws no line; nothing selected draws nothing', () => {
    const alert = snapshot('s', { assignedAdvisor: { id: 'adv', name: 'Ana' }, offer: { distanceKm: 2, expiresAt: 'x', advisor: { id: 'other', name: 'B' } } });
    expect(selectionGeoJson(alert, [], pins).features.map((f) => f.properties?.kind)).toEqual(['assigned', 'selected']);
    const elsewhere = snapshot('s', { assignedAdvisor: { id: 'gone', name: 'X' } });
    expect(selectionGeoJson(elsewhere, [], pins).features.map((f) => f.properties?.kind)).toEqual(['selected']);
    expect(selectionGeoJson(undefined, [], pins).features).toEqual([]);
  });
});

describe('live SLA timers', () => {
  const t0 = Date.parse('2026-12-01T03:00:00.000Z');
  it('runs the acknowledge clock until someone takes the alert, then the on-scene clock', () => {
    expect(slaClock({ status: 'RAISED', createdAt: '2026-12-01T03:00:00.000Z' }, t0 + 65_000)).toEqual({ clock: 'toAcknowledge', elapsedS: 65, targetS: SLA_TARGETS_S.toAcknowledge, overdue: false });
    expect(slaClock({ status: 'ESCALATED', createdAt: '2026-12-01T03:00:00.000Z' }, t0 + 121_000)?.overdue).toBe(true);
    expect(slaClock({ status: 'EN_ROUTE', createdAt: '2026-12-01T03:00:00.000Z' }, t0 + 600_000)).toMatchObject({ clock: 'toOnScene', overdue: false });
    expect(slaClock({ status: 'ON_SCENE', createdAt: '2026-12-01T03:00:00.000Z' }, t0)).toBeNull();
    expect(slaClock({ status: 'RESOLVED', createdAt: '2026-12-01T03:00:00.000Z' }, t0)).toBeNull();
  });
  it('formats like a stopwatch', () => {
    expect([formatClock(0), formatClock(65), formatClock(600), formatClock(3725)]).toEqual(['0:00', '1:05', '10:00', '1:02:05']);
  });
});

describe('cues', () => {
  it('a new alert in scope, then duress, then escalation each call for one cue; repeats do not', () => {
    const a = snapshot('c1', { shortCode: 'K7Q2M4PX' });
    const e1 = ev(a);
    expect(cueFor(emptyAlertState, e1, 'losangeles')).toMatchObject({ kind: 'new', alertId: 'c1', shortCode: 'K7Q2M4PX' });
    const s1 = foldAlertEvent(emptyAlertState, e1);
    expect(cueFor(s1, ev(a, 'LOCATION_UPDATED'), 'losangeles')).toBeNull();
    const d = ev(snapshot('c1', { duress: true }), 'DURESS');
    expect(cueFor(s1, d, 'losangeles')?.kind).toBe('duress');
    const s2 = foldAlertEvent(s1, d);
    expect(cueFor(s2, ev(snapshot('c1', { duress: true }), 'LOCATION_UPDATED'), 'losangeles')).toBeNull();
    expect(cueFor(s1, ev(snapshot('c1', { status: 'ESCALATED' }), 'ESCALATED'), 'losangeles')?.kind).toBe('escalated');
  });
  it('nothing for another consulate, for a closed alert; a hand-over into the district is new here', () => {
    expect(cueFor(emptyAlertState, ev(snapshot('o', { consulate: { id: 'sandiego', name: 'SD' } })), 'losangeles')).toBeNull();
    expect(cueFor(emptyAlertState, ev(snapshot('r', { status: 'RESOLVED' })), null)).toBeNull();
    const s = foldAlertEvent(emptyAlertState, ev(snapshot('h', { consulate: { id: 'sandiego', name: 'SD' } })));
    expect(cueFor(s, ev(snapshot('h'), 'HANDED_OVER'), 'losangeles')?.kind).toBe('new');
    // A supervisor (no scope) hears every new alert.
    expect(cueFor(emptyAlertState, ev(snapshot('sup', { consulate: { id: 'sandiego', name: 'SD' } })), null)?.kind).toBe('new');
  });
});
