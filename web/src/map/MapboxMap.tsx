import { useEffect, useRef, useState } from 'react';
import { Map, Source, Layer, NavigationControl, type LayerProps, type MapRef, type MapMouseEvent } from 'react-map-gl/mapbox';
import 'mapbox-gl/dist/mapbox-gl.css';
import {
  ALERT_CLUSTER, BASE_STYLE, CLICKABLE_LAYERS, EMPTY, INITIAL_VIEW, advisorCircles, alertCircles, alertClusters, consulateMarkers, districtFill, districtLine, stateLines,
  selectionAssigned, selectionOffer, selectionRing, selectionTrack, selectionTrackPoints, type MapViewProps,
} from './layers';
import { useSyncedSource } from './useSyncedSource';
import { uncertainCountyFill } from './uncertainCounties';

// The layer specs are written against MapLibre's types; the two style specs agree on everything used
// here (background, fill, line, circle, expressions), so a cast is all Mapbox needs.
const asMapbox = (l: object) => l as LayerProps;

/** Used only when the deployment configures a Mapbox token (app-config.json); same drawing as MapLibre. */
export default function MapboxMap({ districts, consulates, alerts, advisors, selection, ownConsulateId, focus, onSelectAlert, uncertainCounties, accessToken }: MapViewProps & { accessToken: string }) {
  const ref = useRef<MapRef>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (loaded && focus) ref.current?.fitBounds(focus, { padding: 40, duration: 0 });
  }, [loaded, focus]);
  // Mapbox GL's updateData merges features but cannot remove any: it gets whole collections.
  useSyncedSource(ref as never, loaded, 'alerts', alerts, false);
  useSyncedSource(ref as never, loaded, 'advisors', advisors, false);

  const onClick = (e: MapMouseEvent) => {
    const f = e.features?.[0];
    if (!f) return;
    if (f.properties?.cluster) ref.current?.easeTo({ center: e.lngLat, zoom: ref.current.getZoom() + 2 });
    else if (typeof f.properties?.id === 'string') onSelectAlert(f.properties.id);
  };

  return (
    <Map
      ref={ref}
      mapboxAccessToken={accessToken}
      initialViewState={INITIAL_VIEW}
      mapStyle={BASE_STYLE as never}
      style={{ width: '100%', height: '100%' }}
      onLoad={() => setLoaded(true)}
      dragRotate={false}
      interactiveLayerIds={CLICKABLE_LAYERS}
      onClick={onClick}
    >
      <NavigationControl position="top-right" showCompass={false} />
      <Source id="districts" type="geojson" data={districts ?? EMPTY}>
        <Layer {...asMapbox(districtFill(ownConsulateId))} />
        <Layer {...asMapbox(districtLine(ownConsulateId))} />
      </Source>
      {/* Over the districts' fill: the counties where routing is uncertain, while the console's switch is on. */}
      <Source id="uncertain-counties" type="geojson" data={uncertainCounties ?? EMPTY}>
        <Layer {...asMapbox(uncertainCountyFill)} />
      </Source>
      {/* An absolute URL: the worker that fetches it does not live at the page's address. */}
      <Source id="states" type="geojson" data={`${window.location.origin}/geo/states.geojson`}>
        <Layer {...asMapbox(stateLines)} />
      </Source>
      <Source id="consulates" type="geojson" data={consulates}>
        <Layer {...asMapbox(consulateMarkers(ownConsulateId))} />
      </Source>
      <Source id="advisors" type="geojson" data={EMPTY}>
        <Layer {...asMapbox(advisorCircles)} />
      </Source>
      <Source id="selection" type="geojson" data={selection}>
        <Layer {...asMapbox(selectionTrack)} />
        <Layer {...asMapbox(selectionOffer)} />
        <Layer {...asMapbox(selectionAssigned)} />
        <Layer {...asMapbox(selectionTrackPoints)} />
        <Layer {...asMapbox(selectionRing)} />
      </Source>
      <Source id="alerts" type="geojson" data={EMPTY} {...(ALERT_CLUSTER as object)}>
        <Layer {...asMapbox(alertClusters)} />
        <Layer {...asMapbox(alertCircles)} />
      </Source>
    </Map>
  );
}
