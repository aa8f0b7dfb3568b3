import { useEffect, useState } from 'react';
import { Source, Layer } from 'react-map-gl/maplibre';
import { loadPlaces, PLACES_ATTRIBUTION, type PlaceFeatures } from './places';
import { PLACE_LAYERS } from './placeLayers';

/**
 * Town and city names over the offline map (not drawn with a basemap, which has its own). `beforeId`
 * keeps them under the layers that matter more (alerts, consulates) wherever this sits among them.
 */
export function PlaceLabels({ beforeId }: { beforeId?: string }) {
  const [places, setPlaces] = useState<PlaceFeatures | null>(null);
  useEffect(() => {
    let live = true;
    // When the page has a moment: the first alerts after opening the console come before 17,000 names.
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 1_000));
    const handle = idle(
      () =>
        void loadPlaces()
          .then((p) => live && setPlaces(p))
          // Without names the map still works: nothing to tell the operator beyond the missing labels.
          .catch(() => undefined),
      { timeout: 5_000 },
    );
    return () => {
      live = false;
      (window.cancelIdleCallback ?? window.clearTimeout)(handle);
    };
  }, []);
  if (!places) return null;
  return (
    <Source id="places" type="geojson" data={places} attribution={PLACES_ATTRIBUTION}>
      {PLACE_LAYERS.map((l) => (
        <Layer key={l.id} {...l} beforeId={beforeId} />
      ))}
    </Source>
  );
}
