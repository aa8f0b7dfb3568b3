import { useMemo } from 'react';
import { Map, Source, Layer, Marker, NavigationControl } from 'react-map-gl/mapbox';
import 'mapbox-gl/dist/mapbox-gl.css';
import { BASE_STYLE, type MapViewProps } from './layers';
import { GlMap, type MapRenderer } from './GlMap';

// The props and layer specs are written against MapLibre's types; the two libraries agree on everything
// used here (background, fill, line, circle, expressions, the map methods), so a cast is all Mapbox needs.
const MAPBOX = { Map, Source, Layer, Marker, NavigationControl, diffs: false } as unknown as MapRenderer;

/** Used only when the deployment configures a Mapbox token (app-config.json); same drawing as MapLibre. */
export default function MapboxMap({ accessToken, ...view }: MapViewProps & { accessToken: string }) {
  const libraryProps = useMemo(() => ({ mapboxAccessToken: accessToken }), [accessToken]);
  return <GlMap {...view} renderer={MAPBOX} mapStyle={BASE_STYLE} libraryProps={libraryProps} />;
}
