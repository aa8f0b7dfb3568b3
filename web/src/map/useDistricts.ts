import { useEffect, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';

export type DistrictCollection = FeatureCollection<Geometry, { consulateId: string; name: string }>;

export interface Districts {
  data: DistrictCollection | null;
  error: boolean;
}

/**
 * Fetched on the main thread (not handed to the map as a URL) because we also need the geometry
 * here, to open the map on the operator's own district.
 */
export function useDistricts(): Districts {
  const [state, setState] = useState<Districts>({ data: null, error: false });
  useEffect(() => {
    const ctrl = new AbortController();
    fetch('/geo/districts.geojson', { signal: ctrl.signal })
      .then((r) => {
        if (!r.ok) throw new Error(`districts: HTTP ${r.status}`);
        return r.json() as Promise<DistrictCollection>;
      })
      .then((data) => setState({ data, error: false }))
      .catch(() => {
        if (!ctrl.signal.aborted) setState({ data: null, error: true });
      });
    return () => ctrl.abort();
  }, []);
  return state;
}
