import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import { alertsGeoJson, districtBounds } from './geojson';
import { emptyAlertState, foldAlertEvent, alertQueue } from './fold';
import { STATUS_COLORS, statusColorExpression } from './status';

const state = foldAlertEvent(emptyAlertState, {
  cursor: '7',
  type: 'RAISED',
  at: '2026-11-28T03:00:00.000Z',
  alert: {
    id: '0123abcd-0000-4000-8000-000000000000',
    shortCode: 'K7Q2M4PX', // the API's field, passed through: not derived from the id here
    status: 'RAISED',
    kind: 'DETAINED',
    createdAt: '2026-11-28T03:00:00.000Z',
    duress: false,
    offerCount: 0,
    location: { lat: 34.05, lon: -118.25, precise: false },
    consulate: { id: 'losangeles', name: 'Los Ángeles' },
    jurisdictionMatch: { method: 'CONTAINED', distanceKm: 0 },
    offer: null,
    assignedAdvisor: null,
  },
});

describe('alertsGeoJson', () => {
  it('makes one point per alert, lon/lat order, with id, short code, status and precision', () => {
    const fc = alertsGeoJson(alertQueue(state));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]).toEqual({
      type: 'Feature',
      id: '0123abcd-0000-4000-8000-000000000000',
      geometry: { type: 'Point', coordinates: [-118.25, 34.05] },
      properties: { id: '0123abcd-0000-4000-8000-000000000000', shortCode: 'K7Q2M4PX', status: 'RAISED', precise: false, duress: 0, escalated: 0 },
    });
  });

  it('is empty for no alerts', () => {
    expect(alertsGeoJson([]).features).toEqual([]);
  });
});

describe('districtBounds', () => {
  const fc: FeatureCollection<Geometry, { consulateId: string }> = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { consulateId: 'a' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [0, 0]]] } },
      {
        type: 'Feature',
        properties: { consulateId: 'b' },
        geometry: { type: 'MultiPolygon', coordinates: [[[[-10, 5], [-8, 5], [-8, 7], [-10, 5]]], [[[-12, 4], [-11, 4], [-11, 4.5], [-12, 4]]]] },
      },
    ],
  };
  it('covers every part of the consulate district', () => {
    expect(districtBounds(fc, 'b')).toEqual([[-12, 4], [-8, 7]]);
    expect(districtBounds(fc, 'a')).toEqual([[0, 0], [2, 1]]);
  });
  it('is null for an unknown consulate', () => {
    expect(districtBounds(fc, 'zzz')).toBeNull();
  });
});

describe('statusColorExpression', () => {
  it('maps every status to its list colour with a fallback', () => {
    const expr = statusColorExpression();
    expect(expr.slice(0, 2)).toEqual(['match', ['get', 'status']]);
    expect(expr[expr.indexOf('RAISED') + 1]).toBe(STATUS_COLORS.RAISED);
    expect(expr).toHaveLength(2 + Object.keys(STATUS_COLORS).length * 2 + 1);
  });
});
