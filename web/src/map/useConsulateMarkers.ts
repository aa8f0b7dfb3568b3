import { useMemo } from 'react';
import { useQuery } from 'urql';
import type { FeatureCollection } from 'geojson';
import { ConsulateMarkersQuery } from '../console/documents';
import { EMPTY } from './layers';

/** The 53 consulates and CIAM as map points; empty until loaded (the map is useful without them). */
export function useConsulateMarkers(): FeatureCollection {
  const [result] = useQuery({ query: ConsulateMarkersQuery });
  return useMemo(
    () =>
      result.data
        ? {
            type: 'FeatureCollection',
            features: result.data.consulates.map((c) => ({
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [c.location.lon, c.location.lat] },
              properties: { consulateId: c.id, name: c.name, isFallback: c.isFallback },
            })),
          }
        : EMPTY,
    [result.data],
  );
}
