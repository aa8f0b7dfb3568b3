import type { Feature, FeatureCollection, Geometry, Point, Position } from 'geojson';
import type { AlertStatus } from '../gql/graphql';
import type { AlertEntry } from './fold';

export interface AlertFeatureProps {
  id: string;
  shortCode: string;
  status: AlertStatus;
  /** False when the API only gave us a ~1 km grid-cell centre. */
  precise: boolean;
  /** 1 or 0, so clusters can sum them (a cluster holding a duress alert is drawn as one). */
  duress: number;
  escalated: number;
}

// One feature object per entry object: the fold keeps an unchanged alert's entry, so its feature keeps
// its identity too and the map receives only what an event changed (see map/incremental.ts).
const featureOf = new WeakMap<AlertEntry, Feature<Point, AlertFeatureProps>>();

function alertFeature(entry: AlertEntry): Feature<Point, AlertFeatureProps> {
  let f = featureOf.get(entry);
  if (!f) {
    const { alert } = entry;
    f = {
      type: 'Feature',
      id: alert.id,
      geometry: { type: 'Point', coordinates: [alert.location.lon, alert.location.lat] },
      properties: {
        id: alert.id,
        shortCode: alert.shortCode,
        status: alert.status,
        precise: alert.location.precise,
        duress: alert.duress ? 1 : 0,
        escalated: alert.status === 'ESCALATED' ? 1 : 0,
      },
    };
    featureOf.set(entry, f);
  }
  return f;
}

/** The alerts as map features by id; the circle layer colours them by `status`. */
export function alertFeatures(entries: Iterable<AlertEntry>): Map<string, Feature<Point, AlertFeatureProps>> {
  const m = new Map<string, Feature<Point, AlertFeatureProps>>();
  for (const e of entries) m.set(e.alert.id, alertFeature(e));
  return m;
}

/** The same as one collection (tests, and renderers without diffs). */
export function alertsGeoJson(entries: Iterable<AlertEntry>): FeatureCollection<Point, AlertFeatureProps> {
  return { type: 'FeatureCollection', features: [...alertFeatures(entries).values()] };
}

export type Bounds = [[number, number], [number, number]];

/**
 * The bounding box of one consulate's district (features whose `consulateId` matches), to open the
 * map on the operator's own territory. Null when that district is not in the collection.
 */
export function districtBounds(fc: FeatureCollection<Geometry | null, { consulateId?: string } | null>, consulateId: string): Bounds | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const visit = (p: Position) => {
    const [x, y] = p;
    if (x === undefined || y === undefined) return;
    w = Math.min(w, x); e = Math.max(e, x);
    s = Math.min(s, y); n = Math.max(n, y);
  };
  for (const f of fc.features) {
    if (f.properties?.consulateId !== consulateId || !f.geometry) continue;
    eachPosition(f.geometry, visit);
  }
  return w <= e && s <= n ? [[w, s], [e, n]] : null;
}

function eachPosition(g: Geometry, visit: (p: Position) => void): void {
  switch (g.type) {
    case 'Point': return visit(g.coordinates);
    case 'MultiPoint':
    case 'LineString': return g.coordinates.forEach(visit);
    case 'MultiLineString':
    case 'Polygon': return g.coordinates.forEach((ring) => ring.forEach(visit));
    case 'MultiPolygon': return g.coordinates.forEach((poly) => poly.forEach((ring) => ring.forEach(visit)));
    case 'GeometryCollection': return g.geometries.forEach((c) => eachPosition(c, visit));
  }
}
