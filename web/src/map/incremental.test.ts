import { describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { diffFeatures, syncSource, sourceStats, type FeatureMap } from './incremental';

const pt = (id: string, x = 0): Feature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [x, 0] }, properties: { id } });

describe('incremental map sources', () => {
  it('diffs by identity: only new, replaced and removed features', () => {
    const a = pt('a'), b = pt('b'), c = pt('c');
    const prev: FeatureMap = new Map([['a', a], ['b', b], ['c', c]]);
    const b2 = pt('b', 1), d = pt('d');
    const next: FeatureMap = new Map([['a', a], ['b', b2], ['d', d]]);
    expect(diffFeatures(prev, next)).toEqual({ add: [b2, d], remove: ['c'] });
    expect(diffFeatures(next, next)).toEqual({ add: [], remove: [] });
  });

  it('one event among 5,000 features sends a diff of one feature, not the collection', () => {
    const many = new Map<string, Feature>();
    for (let i = 0; i < 5000; i++) many.set(`f${i}`, pt(`f${i}`, i));
    const calls: { full: number; diffs: Array<{ add?: Feature[]; remove?: (string | number)[] }> } = { full: 0, diffs: [] };
    const source = { setData: () => void calls.full++, updateData: (d: { add?: Feature[]; remove?: (string | number)[] }) => void calls.diffs.push(d) };
    syncSource('test-many', source, null, many);
    const next = new Map(many);
    const moved = pt('f42', -1);
    next.set('f42', moved);
    syncSource('test-many', source, many, next);
    syncSource('test-many', source, next, next); // nothing changed: nothing sent
    expect(calls.full).toBe(1);
    expect(calls.diffs).toEqual([{ add: [moved], remove: [] }]);
    expect(sourceStats['test-many']).toMatchObject({ fullLoads: 1, diffs: 1, lastDiffSize: 1, features: 5000 });
  });

  it('a renderer without diffs gets the whole collection each time', () => {
    const sent: number[] = [];
    const source = { setData: (fc: { features: unknown[] }) => void sent.push(fc.features.length) };
    const one = new Map([['a', pt('a')]]);
    syncSource('test-plain', source, null, one);
    syncSource('test-plain', source, one, new Map([...one, ['b', pt('b')]]));
    expect(sent).toEqual([1, 2]);
  });
});
