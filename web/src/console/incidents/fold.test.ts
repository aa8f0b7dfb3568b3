import { describe, expect, it } from 'vitest';
import { emptyIncidentState, foldIncidents, groupedAlertIds, incidentHulls, incidentQueue, ungroupedQueue, type IncidentSnapshot } from './fold';

const hull = JSON.stringify({ type: 'Polygon', coordinates: [[[-118.25, 34.05], [-118.24, 34.05], [-118.24, 34.06], [-118.25, 34.05]]] });
const inc = (id: string, over: Partial<IncidentSnapshot> = {}): IncidentSnapshot => ({
  id, status: 'DETECTED', severity: 'LOW', alertCount: 3, openAlertCount: 3, hull, center: { lat: 34.05, lon: -118.245 },
  startedAt: '2026-12-04T10:00:00Z', updatedAt: '2026-12-04T10:00:00Z', consulate: { id: 'losangeles', name: 'Los Ángeles' },
  alerts: [{ id: `${id}-a1` }, { id: `${id}-a2` }, { id: `${id}-a3` }], lead: null, team: [], ...over,
});

describe('the console’s incidents (fold)', () => {
  it('keeps the newest snapshot: an older one (a load answered after a live event) does not roll it back', () => {
    const s1 = foldIncidents(emptyIncidentState, [inc('i1', { openAlertCount: 5, updatedAt: '2026-12-04T10:05:00Z' })]);
    const s2 = foldIncidents(s1, [inc('i1', { openAlertCount: 3, updatedAt: '2026-12-04T10:01:00Z' })]);
    expect(s2).toBe(s1);
    expect(s2.get('i1')!.openAlertCount).toBe(5);
  });

  it('drops an incident that is dismissed, closed or merged, and ignores one never held', () => {
    const s = foldIncidents(emptyIncidentState, [inc('i1'), inc('i2')]);
    const after = foldIncidents(s, [inc('i1', { status: 'DISMISSED', updatedAt: '2026-12-04T10:02:00Z' }), inc('i9', { status: 'CLOSED' })]);
    expect([...after.keys()]).toEqual(['i2']);
    expect(groupedAlertIds(after)).toEqual(new Set(['i2-a1', 'i2-a2', 'i2-a3']));
  });

  it('takes grouped alerts out of the queue, but never one under duress', () => {
    const grouped = groupedAlertIds(foldIncidents(emptyIncidentState, [inc('i1')]));
    const entry = (id: string, duress = false) => ({ alert: { id, duress } });
    const queue = ungroupedQueue([entry('i1-a1'), entry('i1-a2', true), entry('lone')], grouped);
    expect(queue.map((e) => e.alert.id)).toEqual(['i1-a2', 'lone']);
  });

  it('orders the rows by severity, then the newest first', () => {
    const s = foldIncidents(emptyIncidentState, [
      inc('low-old'), inc('high', { severity: 'HIGH' }), inc('low-new', { startedAt: '2026-12-04T11:00:00Z' }),
    ]);
    expect(incidentQueue(s).map((i) => i.id)).toEqual(['high', 'low-new', 'low-old']);
  });

  it('draws one polygon per incident with its count and colour, and skips an unreadable hull', () => {
    const s = foldIncidents(emptyIncidentState, [inc('i1', { severity: 'HIGH', openAlertCount: 7 }), inc('bad', { hull: 'not json' })]);
    const fc = incidentHulls(s);
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]!.properties).toMatchObject({ incidentId: 'i1', count: 7, severity: 'HIGH', color: '#b71c1c' });
  });
});
