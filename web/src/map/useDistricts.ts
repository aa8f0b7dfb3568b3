import { useEffect, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';

export type DistrictCollection = FeatureCollection<Geometry, { consulateId: string; name: string }>;

/** The levels of detail the server has (GET /geo/districts.geojson?detail=, docs/DISTRICTS.md). */
export type DistrictDetail = 'low' | 'medium' | 'high';
const ORDER: DistrictDetail[] = ['low', 'medium', 'high'];

/**
 * The level the map draws at a zoom: the simplification stays under a pixel or two (low ≈ 1.1 km below
 * z6, medium ≈ 220 m to z9, high ≈ 55 m above), and the national view downloads only the low level.
 */
export function detailForZoom(zoom: number): DistrictDetail {
  return zoom < 6 ? 'low' : zoom < 9 ? 'medium' : 'high';
}

export interface Districts {
  /** The finest level fetched so far up to the one asked for (low while a finer one loads). */
  data: DistrictCollection | null;
  /** The low level: what the map opens on (its bounds), the same whatever the zoom. */
  base: DistrictCollection | null;
  error: boolean;
}

/**
 * Fetched on the main thread (not handed to the map as a URL) because we also need the geometry
 * here, to open the map on the operator's own district. Each level is fetched once, when first asked
 * for, and kept: zooming out and in again draws what is already here. A level that fails to load leaves
 * the map drawing the finest one it has.
 */
export function useDistricts(detail: DistrictDetail = 'low'): Districts {
  const [levels, setLevels] = useState<Partial<Record<DistrictDetail, DistrictCollection>>>({});
  const [error, setError] = useState(false);
  // The low level first (the map opens on it), then straight to the level asked for.
  const next = !levels.low ? 'low' : !levels[detail] ? detail : null;
  useEffect(() => {
    if (!next) return;
    const ctrl = new AbortController();
    // The low level at the URL that served it before there were levels: one cached copy for both.
    fetch(next === 'low' ? '/geo/districts.geojson' : `/geo/districts.geojson?detail=${next}`, { signal: ctrl.signal })
      .then((r) => {
        if (!r.ok) throw new Error(`districts: HTTP ${r.status}`);
        return r.json() as Promise<DistrictCollection>;
      })
      .then((data) => {
        setLevels((l) => ({ ...l, [next]: data }));
        setError(false);
      })
      .catch(() => {
        if (!ctrl.signal.aborted) setError(true);
      });
    return () => ctrl.abort();
  }, [next]);
  const best = ORDER.slice(0, ORDER.indexOf(detail) + 1).reverse().find((l) => levels[l]);
  return { data: best ? levels[best]! : null, base: levels.low ?? null, error: error && !levels.low };
}
