import { useEffect, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { FillLayerSpecification } from 'maplibre-gl';

/** Why routing is uncertain in a county (GET /geo/uncertain-counties.geojson, api/src/http/countyGeo.ts). */
export type Uncertainty = 'INFERRED' | 'RECALLED' | 'WEAK';
export type UncertainCounties = FeatureCollection<Geometry, {
  fips: string;
  name: string;
  state: string;
  consulateId: string;
  provenance: string;
  evidenceStrength: string | null;
  uncertainty: Uncertainty;
}>;

/** Inferred or recalled membership is the least certain (red); weakly sourced is amber. */
export const UNCERTAINTY_COLORS: Record<Uncertainty, string> = { INFERRED: '#c62828', RECALLED: '#c62828', WEAK: '#f9a825' };

/** Drawn over the districts (translucent, so their fill and outlines show through) and under the state lines. */
export const uncertainCountyFill: Omit<FillLayerSpecification, 'source'> = {
  id: 'uncertain-counties-fill',
  type: 'fill',
  paint: {
    'fill-color': ['match', ['get', 'uncertainty'], ...Object.entries(UNCERTAINTY_COLORS).flat(), '#9e9e9e'] as never,
    'fill-opacity': 0.4,
    'fill-outline-color': '#5d4037',
  },
};

export interface UncertainState {
  data: UncertainCounties | null;
  error: boolean;
}

/** Fetched the first time the shading is switched on (~900 counties), then kept for the session. */
export function useUncertainCounties(enabled: boolean): UncertainState {
  const [state, setState] = useState<UncertainState>({ data: null, error: false });
  const wanted = enabled && state.data === null;
  useEffect(() => {
    if (!wanted) return;
    const ctrl = new AbortController();
    fetch('/geo/uncertain-counties.geojson', { signal: ctrl.signal })
      .then((r) => {
        if (!r.ok) throw new Error(`uncertain counties: HTTP ${r.status}`);
        return r.json() as Promise<UncertainCounties>;
      })
      .then((data) => setState({ data, error: false }))
      .catch(() => {
        if (!ctrl.signal.aborted) setState({ data: null, error: true });
      });
    return () => ctrl.abort();
  }, [wanted]);
  return state;
}
