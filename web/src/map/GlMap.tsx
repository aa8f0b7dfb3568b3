import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
// Types only: this file must not load either GL library, so that each renderer's chunk brings its own.
import type { Layer, Map, MapLayerMouseEvent, MapRef, Marker, NavigationControl, Source } from 'react-map-gl/maplibre';
import type { StyleSpecification } from 'maplibre-gl';
import { ALERT_CLUSTER, CLICKABLE_LAYERS, EMPTY, INITIAL_VIEW, advisorCircles, alertCircles, alertClusters, consulateMarkers, districtFill, districtLine, incidentFill, incidentLine, stateLines, selectionAssigned, selectionOffer, selectionRing, selectionTrack, selectionTrackPoints, type MapViewProps } from './layers';
import { useSyncedSource } from './useSyncedSource';
import { uncertainCountyFill } from './uncertainCounties';
import { exposeMapForTests } from './testHooks';
import { IncidentLabels } from './IncidentLabels';

/**
 * react-map-gl's components for one GL library (MapLibre or Mapbox). Typed with the MapLibre flavour's
 * types: the Mapbox renderer is drawn with the same props and layer specs, which both libraries read alike.
 */
export interface MapRenderer {
  Map: typeof Map;
  Source: typeof Source;
  Layer: typeof Layer;
  NavigationControl: typeof NavigationControl;
  /** An HTML marker: an incident's count (the offline style has no glyphs for a symbol layer in every library). */
  Marker: typeof Marker;
  /**
   * Whether the library's GeoJSON source applies diffs (MapLibre: 5,000 alerts stay one small message per
   * event); Mapbox GL's updateData merges features but cannot remove any, so it gets whole collections.
   */
  diffs: boolean;
}

interface RendererProps {
  renderer: MapRenderer;
  mapStyle: StyleSpecification;
  /** Props only this library takes (MapLibre's worker URL, Mapbox's access token). */
  libraryProps: Record<string, unknown>;
  /** Drawn last, inside the map: what one renderer adds (MapLibre's town names, the basemap overlay). */
  extras?: (map: RefObject<MapRef | null>, loaded: boolean) => ReactNode;
}

/** The console's map, whichever library draws it: districts, offices, alerts, advisors and the selection. */
export function GlMap({ renderer, mapStyle, libraryProps, extras, ...view }: MapViewProps & RendererProps) {
  const { Map, Source, Layer, NavigationControl } = renderer;
  const { districts, consulates, alerts, advisors, selection, ownConsulateId, focus, onSelectAlert, uncertainCounties, incidents, onSelectIncident, onZoom } = view;
  const ref = useRef<MapRef>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (loaded && focus) ref.current?.fitBounds(focus, { padding: 40, duration: 0 });
  }, [loaded, focus]);
  useSyncedSource(ref, loaded, 'alerts', alerts, renderer.diffs);
  useSyncedSource(ref, loaded, 'advisors', advisors, renderer.diffs);

  const onClick = (e: MapLayerMouseEvent) => {
    const f = e.features?.[0];
    if (!f) return;
    if (f.properties?.cluster) ref.current?.easeTo({ center: e.lngLat, zoom: ref.current.getZoom() + 2 });
    else if (typeof f.properties?.id === 'string') onSelectAlert(f.properties.id);
    else if (typeof f.properties?.incidentId === 'string') onSelectIncident?.(f.properties.incidentId);
  };

  return (
    <Map
      ref={ref}
      {...libraryProps}
      initialViewState={INITIAL_VIEW}
      mapStyle={mapStyle}
      style={{ width: '100%', height: '100%' }}
      onLoad={(e) => {
        setLoaded(true);
        // From the event, not the ref: on a fast load the ref may not be attached yet.
        exposeMapForTests(e.target);
        onZoom?.(e.target.getZoom());
      }}
      onZoomEnd={(e) => onZoom?.(e.target.getZoom())}
      dragRotate={false}
      interactiveLayerIds={CLICKABLE_LAYERS}
      onClick={onClick}
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
      <Source id="incidents" type="geojson" data={incidents ?? EMPTY}>
        <Layer {...incidentFill} />
        <Layer {...incidentLine} />
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
      <IncidentLabels Marker={renderer.Marker} incidents={incidents} onSelect={onSelectIncident} />
      {extras?.(ref, loaded)}
    </Map>
  );
}
