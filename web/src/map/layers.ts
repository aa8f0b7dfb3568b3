import type { FeatureCollection, Point } from 'geojson';
import type { CircleLayerSpecification, FillLayerSpecification, LineLayerSpecification, StyleSpecification } from 'maplibre-gl';
import { statusColorExpression } from '../console/status';
import type { AlertFeatureProps, Bounds } from '../console/geojson';
import type { DistrictCollection } from './useDistricts';

/** What both map flavours (MapLibre, Mapbox) draw. */
export interface MapViewProps {
  districts: DistrictCollection | null;
  alerts: FeatureCollection<Point, AlertFeatureProps>;
  ownConsulateId: string | null;
  /** Where to open the map once it is ready (the operator's district). */
  focus: Bounds | null;
}

export const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
export const INITIAL_VIEW = { longitude: -98.5, latitude: 38.5, zoom: 3.2 };

/**
 * A style with no remote tiles, sprites or glyphs: the console must draw a useful map on a consulate
 * network that blocks third-party hosts, and the districts are the only geography operators need.
 */
export const BASE_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#dce6ef' } }],
};

type NoSource<T> = Omit<T, 'source'>;
const isOwn = (own: string | null) => ['==', ['get', 'consulateId'], own ?? ''] as const;

export const districtFill = (own: string | null): NoSource<FillLayerSpecification> => ({
  id: 'districts-fill',
  type: 'fill',
  paint: {
    'fill-color': ['case', isOwn(own), '#b9dfc0', '#f4f6f8'] as never,
    'fill-opacity': 0.85,
  },
});

export const districtLine = (own: string | null): NoSource<LineLayerSpecification> => ({
  id: 'districts-line',
  type: 'line',
  paint: {
    'line-color': ['case', isOwn(own), '#1b5e20', '#8a99a8'] as never,
    'line-width': ['case', isOwn(own), 2.5, 0.7] as never,
  },
});

export const alertCircles: NoSource<CircleLayerSpecification> = {
  id: 'alerts-circle',
  type: 'circle',
  paint: {
    'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 6, 10, 10] as never,
    'circle-color': statusColorExpression() as never,
    'circle-stroke-color': '#ffffff',
    'circle-stroke-width': 2,
  },
};
