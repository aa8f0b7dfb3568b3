import { useEffect, useRef, useState } from 'react';
import { Map, Source, Layer, NavigationControl, type LayerProps, type MapRef } from 'react-map-gl/mapbox';
import 'mapbox-gl/dist/mapbox-gl.css';
import { BASE_STYLE, EMPTY, INITIAL_VIEW, alertCircles, districtFill, districtLine, type MapViewProps } from './layers';

// The layer specs are written against MapLibre's types; the two style specs agree on everything used
// here (background, fill, line, circle, expressions), so a cast is all Mapbox needs.
const asMapbox = (l: object) => l as LayerProps;

/** Used only when the deployment configures a Mapbox token (app-config.json); same drawing as MapLibre. */
export default function MapboxMap({ districts, alerts, ownConsulateId, focus, accessToken }: MapViewProps & { accessToken: string }) {
  const ref = useRef<MapRef>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (loaded && focus) ref.current?.fitBounds(focus, { padding: 40, duration: 0 });
  }, [loaded, focus]);

  return (
    <Map
      ref={ref}
      mapboxAccessToken={accessToken}
      initialViewState={INITIAL_VIEW}
      mapStyle={BASE_STYLE as never}
      style={{ width: '100%', height: '100%' }}
      onLoad={() => setLoaded(true)}
      dragRotate={false}
    >
      <NavigationControl position="top-right" showCompass={false} />
      <Source id="districts" type="geojson" data={districts ?? EMPTY}>
        <Layer {...asMapbox(districtFill(ownConsulateId))} />
        <Layer {...asMapbox(districtLine(ownConsulateId))} />
      </Source>
      <Source id="alerts" type="geojson" data={alerts}>
        <Layer {...asMapbox(alertCircles)} />
      </Source>
    </Map>
  );
}
