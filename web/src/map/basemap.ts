import { useEffect, useState, type RefObject } from 'react';
import { addProtocol, type LayerSpecification, type StyleSpecification } from 'maplibre-gl';
import type { MapRef } from 'react-map-gl/maplibre';
import { Protocol } from 'pmtiles';
import { layers as protomapsLayers, namedFlavor } from '@protomaps/basemaps';
import { BASE_STYLE } from './layers';

/** The API serves the optional self-hosted basemap here (MAP_PMTILES, api/src/http/pmtiles.ts; docs/MAPS.md). */
export const BASEMAP_URL = '/map/basemap.pmtiles';
const SOURCE = 'basemap';

/**
 * The Protomaps style over our own archive, in Spanish. No sprite or glyphs URL (those would be a
 * vendor's host): layers that need icons are left out (one-way arrows, shields, POIs), the town dots
 * lose theirs, and MapLibre draws the letters with the browser's fonts.
 */
export function basemapStyle(origin: string): StyleSpecification {
  const base = protomapsLayers(SOURCE, namedFlavor('light'), { lang: 'es' }) as LayerSpecification[];
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
    sources: { [SOURCE]: { type: 'vector', url: `pmtiles://${origin}${BASEMAP_URL}`, attribution: '<a href="https://openstreetmap.org/copyright">© OpenStreetMap</a>' } },
    layers,
  };
}

let detected: Promise<StyleSpecification | null> | null = null;

/** Asks the API once per page whether a basemap is configured; registers the pmtiles protocol if so. */
function detect(): Promise<StyleSpecification | null> {
  detected ??= fetch(BASEMAP_URL, { method: 'HEAD' })
    .then((r) => {
      if (!r.ok) return null;
      // pmtiles types its answer's data as unknown; it is the tile's bytes (or a TileJSON object), as MapLibre expects.
      addProtocol('pmtiles', new Protocol().tilev4 as unknown as Parameters<typeof addProtocol>[1]);
      return basemapStyle(window.location.origin);
    })
    // Unreachable: draw the offline style rather than no map.
    .catch(() => null);
  return detected;
}

/** The style to open the map with: undefined while asking, then the basemap's or the offline one. */
export function useMapStyle(): { style: StyleSpecification | undefined; basemap: boolean } {
  const [style, setStyle] = useState<StyleSpecification | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void detect().then((s) => live && setStyle(s));
    return () => {
      live = false;
    };
  }, []);
  return { style: style === undefined ? undefined : (style ?? BASE_STYLE), basemap: !!style };
}

/**
 * Over a basemap our districts would hide the streets: their fill turns see-through, and the basemap's
 * names move up above them (under `beforeId`, the first of our point layers), so both stay readable.
 */
export function useBasemapOverlay(ref: RefObject<MapRef | null>, loaded: boolean, basemap: boolean, beforeId: string): void {
  useEffect(() => {
    const map = ref.current?.getMap();
    if (!map || !loaded || !basemap) return;
    if (map.getLayer('districts-fill')) map.setPaintProperty('districts-fill', 'fill-opacity', 0.3);
    const before = map.getLayer(beforeId) ? beforeId : undefined;
    for (const l of map.getStyle().layers) if (l.type === 'symbol' && 'source' in l && l.source === SOURCE) map.moveLayer(l.id, before);
  }, [ref, loaded, basemap, beforeId]);
}
