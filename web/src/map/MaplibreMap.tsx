import { useEffect, useRef, useState } from 'react';
import { Map, Source, Layer, NavigationControl, type MapRef, type MapLayerMouseEvent } from 'react-map-gl/maplibre';
// MapLibre 6 finds its worker next to its own module at runtime; once bundled it is not there, so we
// hand it the URL Vite emits for the worker file.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import {
  ALERT_CLUSTER, CLICKABLE_LAYERS, EMPTY, INITIAL_VIEW, advisorCircles, alertCircles, alertClusters, consulateMarkers, districtFill, districtLine, stateLines,
  selectionAssigned, selectionOffer, selectionRing, selectionTrack, selectionTrackPoints, type MapViewProps,
} from './layers';
import { useSyncedSource } from './useSyncedSource';
import { uncertainCountyFill } from './uncertainCounties';
import { mapStyleFor, useBasemapOverlay } from './basemap';
import { PlaceLabels } from './PlaceLabels';

/**
 * The default map: MapLibre with the self-contained style (no account, no vendor), town names from the
 * build's GeoNames list, or the self-hosted basemap when the API has one (MAP_PMTILES).
 */
export default function MaplibreMap({ districts, consulates, alerts, advisors, selection, ownConsulateId, focus, onSelectAlert, uncertainCounties, basemap = false }: MapViewProps & { basemap?: boolean }) {
  const ref = useRef<MapRef>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (loaded && focus) ref.current?.fitBounds(focus, { padding: 40, duration: 0 });
  }, [loaded, focus]);
  // Alerts and advisors go to the worker as diffs: 5,000 alerts stay one small message per event.
  useSyncedSource(ref, loaded, 'alerts', alerts, true);
  useSyncedSource(ref, loaded, 'advisors', advisors, true);
  const style = mapStyleFor(basemap);
  useBasemapOverlay(ref, loaded, basemap, 'consulates');

  const onClick = (e: MapLayerMouseEvent) => {
    const f = e.features?.[0];
    if (!f) return;
    if (f.properties?.cluster) ref.current?.easeTo({ center: e.lngLat, zoom: ref.current.getZoom() + 2 });
    else if (typeof f.properties?.id === 'string') onSelectAlert(f.properties.id);
  };

  return (
    <Map
      ref={ref}
      workerUrl={workerUrl}
      initialViewState={INITIAL_VIEW}
      mapStyle={style}
      style={{ width: '100%', height: '100%' }}
      onLoad={(e) => {
        setLoaded(true);
        // For the end-to-end tests (and anyone debugging a console): the map shows nothing the page doesn't.
        // From the event, not the ref: on a fast load the ref may not be attached yet.
        (window as unknown as { __alertaMap?: unknown }).__alertaMap = e.target;
      }}
      dragRotate={false}
      interactiveLayerIds={CLICKABLE_LAYERS}
      onClick={onClick}
      cursor="default"
    >
      <NavigationControl position="top-right" showCompass={false} />
      <Source id="districts" type="geojson" data={districts ?? EMPTY}>
        <Layer {...districtFill(ownConsulateId)} />
        <Layer {...districtLine(ownConsulateId)} />
      </Source>
      {/* Over the districts' fill: the counties where routing is uncertain, while the console's switch is on. */}
      <Source id="uncertain-counties" type="geojson" data={uncertainCounties ?? EMPTY}>
        <Layer {...uncertainCountyFill} />
      </Source>
      {/* An absolute URL: the worker that fetches it does not live at the page's address. */}
      <Source id="states" type="geojson" data={`${window.location.origin}/geo/states.geojson`}>
        <Layer {...stateLines} />
      </Source>
      <Source id="consulates" type="geojson" data={consulates}>
        <Layer {...consulateMarkers(ownConsulateId)} />
      </Source>
      <Source id="advisors" type="geojson" data={EMPTY}>
        <Layer {...advisorCircles} />
      </Source>
      <Source id="selection" type="geojson" data={selection}>
        <Layer {...selectionTrack} />
        <Layer {...selectionOffer} />
        <Layer {...selectionAssigned} />
        <Layer {...selectionTrackPoints} />
        <Layer {...selectionRing} />
      </Source>
      <Source id="alerts" type="geojson" data={EMPTY} {...(ALERT_CLUSTER as object)}>
        <Layer {...alertClusters} />
        <Layer {...alertCircles} />
      </Source>
      {/* After the first load: 17,000 names must not hold up the districts and alerts. */}
      {basemap || !loaded ? null : <PlaceLabels beforeId="consulates" />}
    </Map>
  );
}
