import { lazy, Suspense, useMemo } from 'react';
import { useI18n } from '../i18n/I18n';
import { useAppConfig } from '../config/useAppConfig';
import { districtBounds } from '../console/geojson';
import { useDistricts } from './useDistricts';
import type { MapViewProps } from './layers';

// Lazy: each flavour (and its ~1 MB GL library) is its own chunk, and only the one in use is loaded.
const MaplibreMap = lazy(() => import('./MaplibreMap'));
const MapboxMap = lazy(() => import('./MapboxMap'));

export function ConsoleMap({ alerts, ownConsulateId }: Pick<MapViewProps, 'alerts' | 'ownConsulateId'>) {
  const { t } = useI18n();
  const config = useAppConfig();
  const districts = useDistricts();
  const focus = useMemo(
    () => (districts.data && ownConsulateId ? districtBounds(districts.data, ownConsulateId) : null),
    [districts.data, ownConsulateId],
  );
  const props: MapViewProps = { districts: districts.data, alerts, ownConsulateId, focus };
  const placeholder = <div className="map-placeholder" />;

  return (
    <div className="map" role="region" aria-label={t.map.label} data-testid="map">
      {/* Wait for the config before creating a map, so we never build a MapLibre map only to replace it. */}
      {config === undefined ? (
        placeholder
      ) : (
        <Suspense fallback={placeholder}>
          {config.mapboxToken ? <MapboxMap {...props} accessToken={config.mapboxToken} /> : <MaplibreMap {...props} />}
        </Suspense>
      )}
      {districts.error ? (
        <p className="map-error" role="status">
          {t.map.districtsError}
        </p>
      ) : null}
    </div>
  );
}
