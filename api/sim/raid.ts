/**
 * Where a simulated raid happens: a few named neighbourhoods where enforcement operations have hit
 * Mexican communities (a worksite, a flea market, an apartment block), each a point the raid's persons
 * are spread around. A consulate id is accepted too (a point drawn within 10 km of its office). Pure.
 */
import { pointNear, type LonLat, type Place } from './geo.js';

/** Named raid places: `--raid <name>`. */
export const RAID_PLACES: Readonly<Record<string, LonLat & { label: string }>> = {
  'la-puente': { label: 'La Puente, CA', lon: -117.9495, lat: 34.02 },
  'boyle-heights': { label: 'Boyle Heights, Los Angeles', lon: -118.2051, lat: 34.0339 },
  pilsen: { label: 'Pilsen, Chicago', lon: -87.6566, lat: 41.8556 },
  'little-village': { label: 'Little Village, Chicago', lon: -87.7117, lat: 41.8447 },
  gulfton: { label: 'Gulfton, Houston', lon: -95.4806, lat: 29.7234 },
  'oak-cliff': { label: 'Oak Cliff, Dallas', lon: -96.8278, lat: 32.7457 },
  'sunset-park': { label: 'Sunset Park, Brooklyn', lon: -74.0124, lat: 40.6455 },
};

export interface RaidSite extends LonLat {
  /** What the summary calls it. */
  label: string;
}

/**
 * The raid's centre for `name`: a named place, or (for a consulate id) a point within 10 km of its
 * office. An unknown name throws an Error whose message lists the names.
 */
export function raidSite(name: string, consulates: readonly Place[], rand: () => number): RaidSite {
  const named = RAID_PLACES[name];
  if (named) return { label: named.label, lon: named.lon, lat: named.lat };
  const office = consulates.find((c) => c.id === name);
  if (office) return { label: `near the ${name} consulate`, ...pointNear(office, 10, rand) };
  throw new Error(`unknown raid place "${name}"; one of: ${Object.keys(RAID_PLACES).join(', ')} (or a consulate id)`);
}

/** When the raid runs within the simulation: it starts a few seconds in and lasts `minutes`. */
export function raidWindow(minutes: number, durationMs: number | null): { startMs: number; spanMs: number; endMs: number } {
  const spanMs = Math.max(1_000, minutes * 60_000);
  const startMs = durationMs === null ? 5_000 : Math.min(5_000, durationMs / 10);
  return { startMs, spanMs, endMs: startMs + spanMs };
}
