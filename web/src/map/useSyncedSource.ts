import { useEffect, useRef, useState, type RefObject } from 'react';
import { syncSource, type FeatureMap, type GeoJsonSourceLike } from './incremental';

interface MapLike {
  getSource(id: string): unknown;
}

/**
 * Keeps the renderer's source `id` equal to `features`, sending only what changed when the renderer can
 * apply diffs (`diffs`: MapLibre), the whole collection otherwise. The <Source> element is given a
 * constant empty collection so that React never resends the data itself.
 */
export function useSyncedSource(map: RefObject<{ getMap(): MapLike } | null>, ready: boolean, id: string, features: FeatureMap, diffs: boolean): void {
  const held = useRef<FeatureMap | null>(null);
  // The <Source> is added in an effect of its own, possibly after ours: try again next frame.
  const [retry, setRetry] = useState(0);
  useEffect(() => {
    if (!ready) {
      held.current = null;
      return;
    }
    const src = map.current?.getMap().getSource(id) as GeoJsonSourceLike | undefined;
    if (!src) {
      const frame = requestAnimationFrame(() => setRetry((n) => n + 1));
      return () => cancelAnimationFrame(frame);
    }
    const target: GeoJsonSourceLike = diffs ? src : { setData: (d) => src.setData(d) };
    syncSource(id, target, held.current, features);
    held.current = features;
  }, [map, ready, id, features, diffs, retry]);
}
