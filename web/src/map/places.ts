import type { FeatureCollection, Point } from 'geojson';

/** Where the build puts the place names (web/build/places.ts): rows `[lon, lat, population, name]`. */
export const PLACES_URL = '/map/places.json';
/** GeoNames' licence asks for credit; it shows in the map's attribution control. */
export const PLACES_ATTRIBUTION = 'Lugares: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)';

export type PlaceFeatures = FeatureCollection<Point, { n: string; p: number }>;
type Row = [lon: number, lat: number, population: number, name: string];

const isRow = (r: unknown): r is Row =>
  Array.isArray(r) && r.length === 4 && typeof r[0] === 'number' && typeof r[1] === 'number' && typeof r[2] === 'number' && typeof r[3] === 'string';

/** The rows as GeoJSON points; a malformed row is skipped, not fatal (the labels are a help, not the map). */
export function placeFeatures(rows: unknown): PlaceFeatures {
  const list = Array.isArray(rows) ? rows.filter(isRow) : [];
  return {
    type: 'FeatureCollection',
    features: list.map(([lon, lat, p, n]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { n, p } })),
  };
}

let loading: Promise<PlaceFeatures> | null = null;

/** Fetched once per page (both maps share it); a failure is retried at the next call. */
export function loadPlaces(): Promise<PlaceFeatures> {
  loading ??= fetch(PLACES_URL)
    .then((r) => {
      if (!r.ok) throw new Error(`places: HTTP ${r.status}`);
      return r.json() as Promise<unknown>;
    })
    .then(placeFeatures)
    .catch((err: unknown) => {
      loading = null;
      throw err;
    });
  return loading;
}
