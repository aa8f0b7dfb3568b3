import type { Feature, FeatureCollection } from 'geojson';
import type { AdvisorState } from './advisors';
import type { AlertSnapshot } from './fold';

export interface TrackPoint {
  lat: number;
  lon: number;
}

export type SelectionKind = 'track' | 'track-point' | 'offer' | 'assigned' | 'selected';

/**
 * What the map draws for the selected alert: the path the person reported (oldest to newest), a ring
 * on the alert, and a line to the advisor it is offered or assigned to (when that advisor's position
 * is on the map). `track` comes newest first, as the API gives it.
 */
export function selectionGeoJson(alert: AlertSnapshot | undefined, track: readonly TrackPoint[], advisors: AdvisorState): FeatureCollection {
  if (!alert) return { type: 'FeatureCollection', features: [] };
  const features: Feature[] = [];
  const here: [number, number] = [alert.location.lon, alert.location.lat];
  const path = [...track].reverse().map((p): [number, number] => [p.lon, p.lat]);
  if (path.length >= 2) features.push(line('track', path));
  for (const p of path) features.push(point('track-point', p));
  const link = alert.assignedAdvisor ? { kind: 'assigned' as const, id: alert.assignedAdvisor.id } : alert.offer ? { kind: 'offer' as const, id: alert.offer.advisor.id } : null;
  const advisor = link ? advisors.get(link.id) : undefined;
  if (link && advisor) features.push(line(link.kind, [here, [advisor.lon, advisor.lat]]));
  features.push(point('selected', here));
  return { type: 'FeatureCollection', features };
}

const line = (kind: SelectionKind, coordinates: [number, number][]): Feature => ({ type: 'Feature', geometry: { type: 'LineString', coordinates }, properties: { kind } });
const point = (kind: SelectionKind, coordinates: [number, number]): Feature => ({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { kind } });
