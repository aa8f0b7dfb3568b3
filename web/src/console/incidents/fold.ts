import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type { ConsoleIncidentFieldsFragment, IncidentSeverity, IncidentStatus } from '../../gql/graphql';

export type IncidentSnapshot = ConsoleIncidentFieldsFragment;

/** The console's incidents: only live ones (DETECTED, CONFIRMED) are kept; the rest leave the queue and map. */
export type IncidentState = ReadonlyMap<string, IncidentSnapshot>;
export const emptyIncidentState: IncidentState = new Map();

const LIVE: ReadonlySet<IncidentStatus> = new Set<IncidentStatus>(['DETECTED', 'CONFIRMED']);
const SEVERITY_RANK: Record<IncidentSeverity, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

/**
 * Applies snapshots (from the load, the stream or a command's answer). A snapshot older than the one
 * held (by `updatedAt`) is ignored, so the load answered after a live event cannot roll it back. A
 * snapshot that is no longer live (dismissed, closed, merged) removes the incident: a dismissed
 * incident's alerts go back to the queue one by one. Pure: returns the same state when nothing changed.
 */
export function foldIncidents(state: IncidentState, snapshots: readonly IncidentSnapshot[]): IncidentState {
  let next: Map<string, IncidentSnapshot> | null = null;
  for (const s of snapshots) {
    const held = (next ?? state).get(s.id);
    if (held && Date.parse(held.updatedAt) > Date.parse(s.updatedAt)) continue;
    if (!LIVE.has(s.status)) {
      if (!held) continue;
      next ??= new Map(state);
      next.delete(s.id);
    } else if (held !== s) {
      next ??= new Map(state);
      next.set(s.id, s);
    }
  }
  return next ?? state;
}

/** The queue's incident rows: the most severe first, then the most recent. */
export function incidentQueue(state: IncidentState): IncidentSnapshot[] {
  return [...state.values()].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || Date.parse(b.startedAt) - Date.parse(a.startedAt),
  );
}

/** Alert ids grouped under a live incident: the queue shows them under it, not as rows of their own. */
export function groupedAlertIds(state: IncidentState): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const i of state.values()) for (const a of i.alerts) ids.add(a.id);
  return ids;
}

/**
 * The queue's own rows beside the incidents: every alert not grouped under one, and every alert under
 * duress even if it is (it is the one that must not wait behind a group).
 */
export function ungroupedQueue<E extends { alert: { id: string; duress: boolean } }>(entries: readonly E[], grouped: ReadonlySet<string>): readonly E[] {
  return grouped.size === 0 ? entries : entries.filter((e) => e.alert.duress || !grouped.has(e.alert.id));
}

export const SEVERITY_COLORS: Record<IncidentSeverity, string> = { HIGH: '#b71c1c', MEDIUM: '#e65100', LOW: '#f9a825' };

/** The hulls for the map, one polygon per incident (an unreadable hull is left out, never thrown). */
export function incidentHulls(state: IncidentState): FeatureCollection<Polygon> {
  const features: Array<Feature<Polygon>> = [];
  for (const i of state.values()) {
    let geometry: Polygon;
    try {
      geometry = JSON.parse(i.hull) as Polygon;
    } catch {
      continue;
    }
    if (geometry?.type !== 'Polygon') continue;
    features.push({
      type: 'Feature',
      id: i.id,
      geometry,
      properties: {
        incidentId: i.id, severity: i.severity, color: SEVERITY_COLORS[i.severity], count: i.openAlertCount, status: i.status,
        centerLon: i.center.lon, centerLat: i.center.lat,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
