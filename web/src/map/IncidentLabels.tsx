import type { FeatureCollection } from 'geojson';
import type { MapRenderer } from './GlMap';

interface Props {
  Marker: MapRenderer['Marker'];
  incidents: FeatureCollection | null | undefined;
  onSelect?(id: string): void;
}

/**
 * Each incident's open-alert count at its centre, as an HTML marker in the severity's colour: a handful
 * at most, and text without depending on glyphs (the offline style has none; Mapbox needs them for symbols).
 */
export function IncidentLabels({ Marker, incidents, onSelect }: Props) {
  return (
    <>
      {(incidents?.features ?? []).map((f) => {
        const p = f.properties as { incidentId: string; count: number; color: string; centerLon: number; centerLat: number };
        return (
          <Marker key={p.incidentId} longitude={p.centerLon} latitude={p.centerLat} anchor="center">
            <div
              className="incident-label"
              data-testid="incident-label"
              data-incident-id={p.incidentId}
              style={{ background: p.color }}
              role="button"
              onClick={(e) => {
                e.stopPropagation();
                onSelect?.(p.incidentId);
              }}
            >
              {p.count}
            </div>
          </Marker>
        );
      })}
    </>
  );
}
