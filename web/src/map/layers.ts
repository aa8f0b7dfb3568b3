import type { FeatureCollection } from 'geojson';
import type { CircleLayerSpecification, FillLayerSpecification, LineLayerSpecification, StyleSpecification } from 'maplibre-gl';
import { statusColorExpression } from '../console/status';
import type { Bounds } from '../console/geojson';
import type { FeatureMap } from './incremental';
import type { DistrictCollection } from './useDistricts';

/** What both map flavours (MapLibre, Mapbox) draw. */
export interface MapViewProps {
  districts: DistrictCollection | null;
  /** Folded alert features by id: sent to the renderer as diffs (see incremental.ts). */
  alerts: FeatureMap;
  advisors: FeatureMap;
  /** The selected alert's track, ring and offer/assignment line (a handful of features). */
  selection: FeatureCollection;
  /** Office markers (one point per consulate; the operator's own drawn larger). */
  consulates: FeatureCollection;
  ownConsulateId: string | null;
  onSelectAlert(id: string): void;
  /** Where to open the map once it is ready (the operator's district). */
  focus: Bounds | null;
  /** Counties where routing is uncertain, shaded when the console's switch is on (uncertainCounties.ts). */
  uncertainCounties?: FeatureCollection | null;
  /** Live incidents: one hull each, coloured by severity, with its open-alert count (console/incidents/fold.ts). */
  incidents?: FeatureCollection | null;
  onSelectIncident?(id: string): void;
  /** Told the zoom once loaded and after each zoom: the console picks the districts' level of detail by it. */
  onZoom?(zoom: number): void;
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

/** Below this zoom nearby alerts are drawn as one cluster; a raid stays readable from the national view. */
export const ALERT_CLUSTER = {
  cluster: true,
  clusterMaxZoom: 8,
  clusterRadius: 36,
  // Summed per cluster, so a cluster hiding a duress or escalated alert is drawn in that colour.
  clusterProperties: { duress: ['+', ['get', 'duress']], escalated: ['+', ['get', 'escalated']] },
} as const;

const IS_CLUSTER = ['has', 'point_count'] as const;

export const alertClusters: NoSource<CircleLayerSpecification> = {
  id: 'alerts-cluster',
  type: 'circle',
  filter: IS_CLUSTER as never,
  paint: {
    'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 50, 22, 200, 28] as never,
    'circle-color': ['case', ['>', ['get', 'duress'], 0], '#b71c1c', ['>', ['get', 'escalated'], 0], '#8e24aa', '#e65100'] as never,
    'circle-opacity': 0.85,
    'circle-stroke-color': '#ffffff',
    'circle-stroke-width': 3,
  },
};

export const alertCircles: NoSource<CircleLayerSpecification> = {
  id: 'alerts-circle',
  type: 'circle',
  filter: ['!', IS_CLUSTER] as never,
  paint: {
    'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 6, 10, 10] as never,
    'circle-color': statusColorExpression() as never,
    'circle-stroke-color': ['case', ['==', ['get', 'duress'], 1], '#000000', '#ffffff'] as never,
    'circle-stroke-width': ['case', ['==', ['get', 'duress'], 1], 3, 2] as never,
  },
};

/** The lines between states (GET /geo/states.geojson), under the districts' own outlines. */
export const stateLines: NoSource<LineLayerSpecification> = {
  id: 'state-lines',
  type: 'line',
  paint: { 'line-color': '#4a5a6a', 'line-width': 1.2, 'line-opacity': 0.7 },
};

export const consulateMarkers = (own: string | null): NoSource<CircleLayerSpecification> => ({
  id: 'consulates',
  type: 'circle',
  paint: {
    'circle-radius': ['case', isOwn(own), 7, 4.5] as never,
    'circle-color': '#ffffff',
    'circle-stroke-color': ['case', ['get', 'isFallback'], '#6a1b9a', '#1b5e20'] as never,
    'circle-stroke-width': ['case', isOwn(own), 3, 2] as never,
  },
});

export const AVAILABILITY_COLORS = { AVAILABLE: '#2e7d32', BUSY: '#ef6c00', OFF_DUTY: '#9e9e9e' } as const;

/** Advisors: small dark-ringed dots coloured by availability, under the alerts. */
export const advisorCircles: NoSource<CircleLayerSpecification> = {
  id: 'advisors-circle',
  type: 'circle',
  paint: {
    'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 2.5, 10, 6] as never,
    'circle-color': ['match', ['get', 'availability'], ...Object.entries(AVAILABILITY_COLORS).flat(), '#9e9e9e'] as never,
    'circle-stroke-color': '#263238',
    'circle-stroke-width': 1,
  },
};

const kindIs = (k: string) => ['==', ['get', 'kind'], k] as never;

export const selectionTrack: NoSource<LineLayerSpecification> = {
  id: 'selection-track',
  type: 'line',
  filter: kindIs('track'),
  paint: { 'line-color': '#0d47a1', 'line-width': 3, 'line-dasharray': [1, 1] },
};

export const selectionTrackPoints: NoSource<CircleLayerSpecification> = {
  id: 'selection-track-points',
  type: 'circle',
  filter: kindIs('track-point'),
  paint: { 'circle-radius': 3, 'circle-color': '#0d47a1' },
};

/** The line to the advisor: dashed while only offered, solid once assigned. */
export const selectionOffer: NoSource<LineLayerSpecification> = {
  id: 'selection-offer',
  type: 'line',
  filter: kindIs('offer'),
  paint: { 'line-color': '#f57c00', 'line-width': 2.5, 'line-dasharray': [2, 2] },
};

export const selectionAssigned: NoSource<LineLayerSpecification> = {
  id: 'selection-assigned',
  type: 'line',
  filter: kindIs('assigned'),
  paint: { 'line-color': '#00695c', 'line-width': 3 },
};

export const selectionRing: NoSource<CircleLayerSpecification> = {
  id: 'selection-ring',
  type: 'circle',
  filter: kindIs('selected'),
  paint: { 'circle-radius': 15, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#000000', 'circle-stroke-width': 2.5 },
};

/** An incident's area (a buffered hull of its alerts), under the alerts: the markers stay readable on it. */
export const incidentFill: NoSource<FillLayerSpecification> = {
  id: 'incidents-fill',
  type: 'fill',
  paint: { 'fill-color': ['get', 'color'] as never, 'fill-opacity': 0.22 },
};

export const incidentLine: NoSource<LineLayerSpecification> = {
  id: 'incidents-line',
  type: 'line',
  paint: { 'line-color': ['get', 'color'] as never, 'line-width': 2.5 },
};

export const CLICKABLE_LAYERS = ['alerts-circle', 'alerts-cluster', 'incidents-fill'];
