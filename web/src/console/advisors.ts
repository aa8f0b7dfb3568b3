import type { Feature, Point } from 'geojson';
import type { Availability } from '../gql/graphql';

/** What the map needs of an advisor: where they are and whether they can take an alert. */
export interface AdvisorPin {
  id: string;
  name: string;
  availability: Availability;
  lat: number;
  lon: number;
  locationAt: string | null;
}

/** One update from the roster load or the `advisorPositions` stream. */
export interface AdvisorUpdate {
  advisor: { id: string; name: string };
  availability: Availability;
  active: boolean;
  location: { lat: number; lon: number } | null;
  locationAt: string | null;
}

export type AdvisorState = ReadonlyMap<string, AdvisorPin>;
export const emptyAdvisorState: AdvisorState = new Map();

/**
 * Applies updates (the stream sends each advisor's latest state, coalesced to one a second). An
 * advisor without a position, or deactivated, leaves the map. An update that changes nothing keeps the
 * old object, so the map source is not touched for it. Pure: the old state is never mutated.
 */
export function foldAdvisorUpdates(state: AdvisorState, updates: readonly AdvisorUpdate[]): AdvisorState {
  let next: Map<string, AdvisorPin> | null = null;
  const write = () => (next ??= new Map(state));
  for (const u of updates) {
    const id = u.advisor.id;
    const old = (next ?? state).get(id);
    if (!u.active || !u.location) {
      if (old) write().delete(id);
      continue;
    }
    const pin: AdvisorPin = { id, name: u.advisor.name, availability: u.availability, lat: u.location.lat, lon: u.location.lon, locationAt: u.locationAt };
    if (old && old.availability === pin.availability && old.lat === pin.lat && old.lon === pin.lon && old.name === pin.name) continue;
    // Positions arrive in order per advisor, but a stale roster load must not move someone back.
    if (old?.locationAt && pin.locationAt && Date.parse(pin.locationAt) < Date.parse(old.locationAt)) continue;
    write().set(id, pin);
  }
  return next ?? state;
}

export interface AdvisorFeatureProps {
  id: string;
  name: string;
  availability: Availability;
}

const featureOf = new WeakMap<AdvisorPin, Feature<Point, AdvisorFeatureProps>>();

/** Advisors as map features by id, one stable object per pin (see map/incremental.ts). */
export function advisorFeatures(state: AdvisorState): Map<string, Feature<Point, AdvisorFeatureProps>> {
  const m = new Map<string, Feature<Point, AdvisorFeatureProps>>();
  for (const pin of state.values()) {
    let f = featureOf.get(pin);
    if (!f) {
      f = { type: 'Feature', id: pin.id, geometry: { type: 'Point', coordinates: [pin.lon, pin.lat] }, properties: { id: pin.id, name: pin.name, availability: pin.availability } };
      featureOf.set(pin, f);
    }
    m.set(pin.id, f);
  }
  return m;
}
