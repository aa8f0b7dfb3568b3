import { useEffect, useMemo, useRef, useState } from 'react';
import { Map, Source, Layer, NavigationControl, type MapRef } from 'react-map-gl/maplibre';
import type { FeatureCollection, Point } from 'geojson';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useI18n } from '../i18n/I18n';
import { EMPTY, INITIAL_VIEW, alertCircles, districtLine } from '../map/layers';
import { mapStyleFor, useBasemapOverlay } from '../map/basemap';
import { useAppConfig } from '../config/useAppConfig';
import { PlaceLabels } from '../map/PlaceLabels';
import { useDistricts } from '../map/useDistricts';
import type { LatLon } from '../field/geo';
import type { NearbyItem } from './fold';

interface Props {
  me: LatLon | null;
  items: readonly NearbyItem[];
  /** Set when the officer must place their position by hand (geolocation denied or unavailable). */
  onPick: ((p: LatLon) => void) | null;
}

type AlertPoint = FeatureCollection<Point, { id: string; status: string }>;

/** A small map: my position (blue) and the alerts around me, coloured by status as on the console. */
export default function OfficerMap({ me, items, onPick }: Props) {
  const { t } = useI18n();
  const ref = useRef<MapRef>(null);
  const [loaded, setLoaded] = useState(false);
  const [centred, setCentred] = useState(false);
  const districts = useDistricts();
  const config = useAppConfig();
  const basemap = config?.basemap ?? false;
  useBasemapOverlay(ref, loaded, basemap, 'alerts-circle');
  const alerts = useMemo<AlertPoint>(
    () => ({
      type: 'FeatureCollection',
      features: items.map((i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [i.alert.location.lon, i.alert.location.lat] }, properties: { id: i.alert.id, status: i.alert.status } })),
    }),
    [items],
  );
  const mePoint = useMemo<FeatureCollection>(
    () => (me ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [me.lon, me.lat] }, properties: {} }] } : EMPTY),
    [me],
  );

  // Open on my position once it is known (about the 25 km the list covers).
  useEffect(() => {
    if (!loaded || centred || !me) return;
    ref.current?.jumpTo({ center: [me.lon, me.lat], zoom: 9.5 });
    setCentred(true);
  }, [loaded, centred, me]);

  return (
    <div className="field-map" role="region" aria-label={t.officer.map.label} data-testid="officer-map">
      {config ? (
      <Map
        ref={ref}
        workerUrl={workerUrl}
        initialViewState={INITIAL_VIEW}
        mapStyle={mapStyleFor(basemap)}
        style={{ width: '100%', height: '100%' }}
        onLoad={() => setLoaded(true)}
        onClick={onPick ? (e) => onPick({ lat: e.lngLat.lat, lon: e.lngLat.lng }) : undefined}
        cursor={onPick ? 'crosshair' : undefined}
        dragRotate={false}
      >
        <NavigationControl position="top-right" showCompass={false} />
        <Source id="districts" type="geojson" data={districts.data ?? EMPTY}>
          <Layer {...districtLine(null)} />
        </Source>
        <Source id="alerts" type="geojson" data={alerts}>
          <Layer {...alertCircles} />
        </Source>
        <Source id="me" type="geojson" data={mePoint}>
          <Layer id="me-circle" type="circle" paint={{ 'circle-radius': 8, 'circle-color': '#0d47a1', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 }} />
        </Source>
        {basemap || !loaded ? null : <PlaceLabels beforeId="alerts-circle" />}
      </Map>
      ) : null}
      {onPick ? <p className="map-hint">{t.officer.map.pinHint}</p> : null}
    </div>
  );
}
