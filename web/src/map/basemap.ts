import { useEffect, type RefObject } from 'react';
import { addProtocol, type StyleSpecification } from 'maplibre-gl';
import type { MapRef } from 'react-map-gl/maplibre';
import { Protocol } from 'pmtiles';
import { BASE_STYLE } from './layers';
import { BASEMAP_SOURCE, basemapStyle } from './basemapStyle';

let registered = false;
/** One style object per origin: a new object would make react-map-gl diff and reset the style. */
const styles: Record<string, StyleSpecification> = {};

/**
 * The style to open a map with: the self-hosted basemap's when the server has one (app-config's
 * `basemap`, read before any map is created), else the offline style. Registers the pmtiles protocol
 * once.
 */
export function mapStyleFor(basemap: boolean): StyleSpecification {
  if (!basemap) return BASE_STYLE;
  if (!registered) {
    // pmtiles types its answer's data as unknown; it is the tile's bytes (or a TileJSON object), as MapLibre expects.
    addProtocol('pmtiles', new Protocol().tilev4 as unknown as Parameters<typeof addProtocol>[1]);
    registered = true;
  }
  return (styles[window.location.origin] ??= basemapStyle(window.location.origin));
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
    for (const l of map.getStyle().layers) if (l.type === 'symbol' && 'source' in l && l.source === BASEMAP_SOURCE) map.moveLayer(l.id, before);
  }, [ref, loaded, basemap, beforeId]);
}
