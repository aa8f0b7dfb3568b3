import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { layers as protomapsLayers, namedFlavor } from '@protomaps/basemaps';

/** The API serves the optional self-hosted basemap here (MAP_PMTILES, api/src/http/pmtiles.ts; docs/MAPS.md). */
export const BASEMAP_URL = '/map/basemap.pmtiles';
export const BASEMAP_SOURCE = 'basemap';

/**
 * The Protomaps style over our own archive, in Spanish. No sprite or glyphs URL (those would be a
 * vendor's host): layers that need icons are left out (one-way arrows, shields, POIs), the town dots
 * lose theirs, and MapLibre draws the letters with the browser's fonts.
 */
export function basemapStyle(origin: string): StyleSpecification {
  const base = protomapsLayers(BASEMAP_SOURCE, namedFlavor('light'), { lang: 'es' }) as LayerSpecification[];
  const layers = base
    .filter((l) => !(l.type === 'symbol' && l.layout?.['icon-image'] !== undefined && l.id !== 'places_locality'))
    .map((l) => {
      if (l.type !== 'symbol' || !l.layout?.['icon-image']) return l;
      const layout = { ...l.layout };
      delete layout['icon-image'];
      return { ...l, layout };
    });
  return {
    version: 8,
    sources: { [BASEMAP_SOURCE]: { type: 'vector', url: `pmtiles://${origin}${BASEMAP_URL}`, attribution: '<a href="https://openstreetmap.org/copyright">© OpenStreetMap</a>' } },
    layers,
  };
}

