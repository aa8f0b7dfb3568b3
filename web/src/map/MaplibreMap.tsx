import { Map, Source, Layer, Marker, NavigationControl } from 'react-map-gl/maplibre';
// MapLibre 6 finds its worker next to its own module at runtime; once bundled it is not there, so we
// hand it the URL Vite emits for the worker file.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { RefObject } from 'react';
import type { MapRef } from 'react-map-gl/maplibre';
import type { MapViewProps } from './layers';
import { GlMap, type MapRenderer } from './GlMap';
import { mapStyleFor, useBasemapOverlay } from './basemap';
import { PlaceLabels } from './PlaceLabels';

const MAPLIBRE: MapRenderer = { Map, Source, Layer, Marker, NavigationControl, diffs: true };
const LIBRARY_PROPS = { workerUrl, cursor: 'default' };

/**
 * The default map: MapLibre with the self-contained style (no account, no vendor), town names from the
 * build's GeoNames list, or the self-hosted basemap when the API has one (MAP_PMTILES).
 */
export default function MaplibreMap({ basemap = false, ...view }: MapViewProps & { basemap?: boolean }) {
  return (
    <GlMap
      {...view}
      renderer={MAPLIBRE}
      mapStyle={mapStyleFor(basemap)}
      libraryProps={LIBRARY_PROPS}
      extras={(map, loaded) => <MaplibreExtras map={map} loaded={loaded} basemap={basemap} />}
    />
  );
}

function MaplibreExtras({ map, loaded, basemap }: { map: RefObject<MapRef | null>; loaded: boolean; basemap: boolean }) {
  useBasemapOverlay(map, loaded, basemap, 'consulates');
  // After the first load: 17,000 names must not hold up the districts and alerts.
  return basemap || !loaded ? null : <PlaceLabels beforeId="consulates" />;
}
