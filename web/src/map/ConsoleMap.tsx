import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useI18n } from '../i18n/I18n';
import { useAppConfig } from '../config/useAppConfig';
import { districtBounds } from '../console/geojson';
import { detailForZoom, useDistricts, type DistrictDetail } from './useDistricts';
import { useConsulateMarkers } from './useConsulateMarkers';
import { AVAILABILITY_COLORS, type MapViewProps } from './layers';
import { STATUS_COLORS } from '../console/status';
import { SEVERITY_COLORS } from '../console/incidents/fold';
import { DistrictEvidence } from '../console/DistrictEvidence';
import { useUncertainCounties } from './uncertainCounties';

// Lazy: each flavour (and its ~1 MB GL library) is its own chunk, and only the one in use is loaded.
const MaplibreMap = lazy(() => import('./MaplibreMap'));
const MapboxMap = lazy(() => import('./MapboxMap'));

export function ConsoleMap({ alerts, advisors, selection, ownConsulateId, onSelectAlert, incidents, onSelectIncident }: Omit<MapViewProps, 'districts' | 'focus' | 'consulates' | 'uncertainCounties' | 'onZoom'>) {
  const { t } = useI18n();
  const config = useAppConfig();
  // The districts' level of detail follows the zoom (useDistricts.ts): set only when the level changes.
  const [detail, setDetail] = useState<DistrictDetail>('low');
  const districts = useDistricts(detail);
  const consulates = useConsulateMarkers();
  const focus = useMemo(
    () => (districts.base && ownConsulateId ? districtBounds(districts.base, ownConsulateId) : null),
    [districts.base, ownConsulateId],
  );
  const [shading, setShading] = useState(false);
  const uncertain = useUncertainCounties(shading);
  const uncertainCounties = shading ? uncertain.data : null;
  const onZoom = useCallback((zoom: number) => setDetail(detailForZoom(zoom)), []);
  const props: MapViewProps = { districts: districts.data, consulates, alerts, advisors, selection, ownConsulateId, focus, onSelectAlert, uncertainCounties, incidents, onSelectIncident, onZoom };
  const placeholder = <div className="map-placeholder" />;

  return (
    <div className="map" role="region" aria-label={t.map.label} data-testid="map">
      {/* Wait for the config before creating a map, so we never build a MapLibre map only to replace it. */}
      {config === undefined ? (
        placeholder
      ) : (
        <Suspense fallback={placeholder}>
          {config.mapboxToken ? <MapboxMap {...props} accessToken={config.mapboxToken} /> : <MaplibreMap {...props} basemap={config.basemap} />}
        </Suspense>
      )}
      <MapLegend />
      <DistrictEvidence consulateId={ownConsulateId} shading={shading} onShadingChange={setShading} shadingError={shading && uncertain.error} />
      {districts.error ? (
        <p className="map-error" role="status">
          {t.map.districtsError}
        </p>
      ) : null}
    </div>
  );
}

/** What the dots mean: the map names places, not the dots, so the legend says it. */
function MapLegend() {
  const { t } = useI18n();
  return (
    <ul className="map-legend" aria-label={t.map.label}>
      <li><span className="legend-dot" style={{ background: STATUS_COLORS.RAISED }} /> {t.map.legend.alerts}</li>
      <li><span className="legend-dot legend-cluster" /> {t.map.legend.cluster}</li>
      <li><span className="legend-dot" style={{ background: SEVERITY_COLORS.MEDIUM, opacity: 0.5 }} /> {t.incidents.map.legend}</li>
      {(Object.keys(AVAILABILITY_COLORS) as (keyof typeof AVAILABILITY_COLORS)[]).map((a) => (
        <li key={a}><span className="legend-dot legend-advisor" style={{ background: AVAILABILITY_COLORS[a] }} /> {t.map.legend.advisors}: {t.availability[a]}</li>
      ))}
    </ul>
  );
}
