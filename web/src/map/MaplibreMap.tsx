import { useEffect, useRef, useState } from 'react';
import { Map, Source, Layer, NavigationControl, type MapRef } from 'react-map-gl/maplibre';
// MapLibre 6 finds its worker next to its own module at runtime; once bundled it is not there, so we
// hand it the URL Vite emits for the worker file.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { BASE_STYLE, EMPTY, INITIAL_VIEW, alertCircles, districtFill, districtLine, type MapViewProps } from './layers';

/** The default map: MapLibre with the self-contained style (no account, no network tiles). */
export default function MaplibreMap({ districts, alerts, ownConsulateId, focus }: MapViewProps) {
  const ref = useRef<MapRef>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (loaded && focus) ref.current?.fitBounds(focus, { padding: 40, duration: 0 });
  }, [loaded, focus]);

  return (
    <Map
      ref={ref}
      workerUrl={workerUrl}
      initialViewState={INITIAL_VIEW}
      mapStyle={BASE_STYLE}
      style={{ width: '100%', height: '100%' }}
      onLoad={() => setLoaded(true)}
      dragRotate={false}
    >
      <NavigationControl position="top-right" showCompass={false} />
      <Source id="districts" type="geojson" data={districts ?? EMPTY}>
        <Layer {...districtFill(ownConsulateId)} />
        <Layer {...districtLine(ownConsulateId)} />
      </Source>
      <Source id="alerts" type="geojson" data={alerts}>
        <Layer {...alertCircles} />
      </Source>
    </Map>
  );
}
