import type { Feature, FeatureCollection } from 'geojson';
import { exposeMapStatsForTests } from './testHooks';

/** Features by id: the folded state of one map layer. Unchanged features keep their object identity. */
export type FeatureMap = ReadonlyMap<string, Feature>;

/** What changed between two states: features to add or replace (same id), and ids to remove. */
export interface FeatureDiff {
  add: Feature[];
  remove: string[];
}

/**
 * The change from `prev` to `next`, by object identity: the folds keep the same object for a feature
 * that did not change, so one event costs a diff of one feature, not a rebuild of 5,000.
 */
export function diffFeatures(prev: FeatureMap, next: FeatureMap): FeatureDiff {
  const add: Feature[] = [];
  const remove: string[] = [];
  for (const [id, f] of next) if (prev.get(id) !== f) add.push(f);
  for (const id of prev.keys()) if (!next.has(id)) remove.push(id);
  return { add, remove };
}

export const toCollection = (m: FeatureMap): FeatureCollection => ({ type: 'FeatureCollection', features: [...m.values()] });

/** The part of a GeoJSON source both renderers have; MapLibre also applies diffs in its worker. */
export interface GeoJsonSourceLike {
  setData(data: FeatureCollection): unknown;
  updateData?(diff: { add?: Feature[]; remove?: (string | number)[] }): unknown;
}

export interface SourceStats {
  /** Whole collections sent to the renderer (the first load, a restyle, or a renderer without diffs). */
  fullLoads: number;
  /** Diffs sent. */
  diffs: number;
  /** Features in the last diff (added or replaced + removed). */
  lastDiffSize: number;
  features: number;
}

/**
 * Counters per source, read by the end-to-end test (window.__alertaMapStats) to prove that an event
 * reaches the map as a diff rather than as a rebuilt collection.
 */
export const sourceStats: Record<string, SourceStats> = {};
exposeMapStatsForTests(sourceStats);

/**
 * Brings a renderer's source from `prev` (what it holds; null when it holds nothing yet) to `next`.
 * MapLibre gets a diff (`updateData`); a source without diff support (Mapbox GL takes no removals)
 * gets the whole collection.
 */
export function syncSource(id: string, source: GeoJsonSourceLike, prev: FeatureMap | null, next: FeatureMap): void {
  const stats = (sourceStats[id] ??= { fullLoads: 0, diffs: 0, lastDiffSize: 0, features: 0 });
  stats.features = next.size;
  if (prev === null || !source.updateData) {
    void source.setData(toCollection(next));
    stats.fullLoads++;
    return;
  }
  const { add, remove } = diffFeatures(prev, next);
  if (add.length === 0 && remove.length === 0) return;
  void source.updateData({ add, remove });
  stats.diffs++;
  stats.lastDiffSize = add.length + remove.length;
}
