import { useEffect, useState, type RefObject } from 'react';
import { addProtocol, type StyleSpecification } from 'maplibre-gl';
import type { MapRef } from 'react-map-gl/maplibre';
import { Protocol } from 'pmtiles';
import { BASE_STYLE } from './layers';
import { BASEMAP_SOURCE, BASEMAP_URL, basemapStyle } from './basemapStyle';

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
    for (const l of map.getStyle().layers) if (l.type === 'symbol' && 'source' in l && l.source === BASEMAP_SOURCE) map.moveLayer(l.id, before);
  }, [ref, loaded, basemap, beforeId]);
}
