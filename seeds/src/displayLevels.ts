import { topology } from 'topojson-server';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * The district outlines the console draws, per level of detail (issue 23: "serve simplified geometry per
 * zoom"), simplified from the fine county polygons (Census 1:500,000) when the shared data is imported.
 * The simplification is topological: the counties' shared borders become arcs (topojson-server), each
 * arc is simplified once (Douglas-Peucker, its two ends kept), and every county is stitched back from
 * the simplified arcs, so two neighbours keep the very same border at every level: no gap, no overlap.
 * A district's outline is then the topological merge of its counties (seeds/src/districtDisplay.ts):
 * the arcs between two counties of the same office drop out, no polygon overlay is computed.
 * PostGIS 3.3 has no coverage simplification (ST_CoverageSimplify is 3.4+), ST_SimplifyPreserveTopology
 * simplifies each polygon on its own, which opens slivers between neighbours, and ST_Union of the
 * simplified counties took 17 s for the 53 districts at three levels on PostgreSQL (measured 2026-12-04).
 *
 * Tolerances are in degrees of latitude, with longitudes scaled by cos(latitude) so a tolerance is about
 * as many metres east-west as north-south (1° ≈ 111 km): low ≈ 1.1 km (like the 1:10M outlines drawn
 * before), medium ≈ 220 m, high ≈ 55 m (closer than the 100 m of the routing tests' nearest points).
 * `decimals`: what the server writes of each coordinate at that level (ST_AsGeoJSON), about a tenth of the
 * tolerance.
 */
export const DISPLAY_LEVELS = [
  { level: 'low', tolerance: 0.01, decimals: 3 },
  { level: 'medium', tolerance: 0.002, decimals: 4 },
  { level: 'high', tolerance: 0.0005, decimals: 4 },
] as const;
export type DisplayLevel = (typeof DISPLAY_LEVELS)[number]['level'];

type Arc = Position[];

/** The perpendicular distance from p to the segment a-b, with x scaled by `kx` (cos of the latitude). */
function segmentDistance(p: Position, a: Position, b: Position, kx: number): number {
  const ax = a[0]! * kx;
  const ay = a[1]!;
  const dx = b[0]! * kx - ax;
  const dy = b[1]! - ay;
  const px = p[0]! * kx - ax;
  const py = p[1]! - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
  return Math.hypot(px - t * dx, py - t * dy);
}

/**
 * Douglas-Peucker on one arc, its ends kept. A closed arc (a ring of its own: an island, a county with one
 * neighbour) is first split at its vertex farthest from the start and always keeps a third vertex, so it
 * stays a ring. `force` keeps the farthest inner vertex whatever the tolerance: set for the arcs of a ring
 * that would otherwise collapse to a line.
 */
export function simplifyArc(arc: Arc, tolerance: number, force = false): Arc {
  const n = arc.length;
  if (n <= 2) return arc;
  const kx = Math.cos((((arc[0]![1]! + arc[n - 1]![1]!) / 2) * Math.PI) / 180);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const spans: Array<[number, number, boolean]> = [];
  const closed = arc[0]![0] === arc[n - 1]![0] && arc[0]![1] === arc[n - 1]![1];
  if (closed) {
    let far = 1;
    for (let i = 2; i < n - 1; i++) if (segmentDistance(arc[i]!, arc[0]!, arc[0]!, kx) > segmentDistance(arc[far]!, arc[0]!, arc[0]!, kx)) far = i;
    keep[far] = 1;
    spans.push([0, far, far > 1], [far, n - 1, far === 1]);
  } else spans.push([0, n - 1, force]);
  while (spans.length > 0) {
    const [a, b, forced] = spans.pop()!;
    let best = -1;
    let dmax = -1;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance(arc[i]!, arc[a]!, arc[b]!, kx);
      if (d > dmax) {
        dmax = d;
        best = i;
      }
    }
    if (best < 0 || (!forced && dmax <= tolerance)) continue;
    keep[best] = 1;
    spans.push([a, best, false], [best, b, false]);
  }
  return arc.filter((_, i) => keep[i] === 1);
}

type CountyTopology = Topology<{ counties: GeometryCollection<{ fips: string }> }>;

/** A county as arc indices: polygons, each a list of rings, each a list of arcs (~i is arc i reversed). */
export interface CountyArcs {
  fips: string;
  polygons: number[][][];
}

/** The counties' topology at every level: the same counties and arc indices, each level its own arcs. */
export interface DisplayTopology {
  counties: CountyArcs[];
  arcs: Map<DisplayLevel, Position[][]>;
}

/**
 * The fine county polygons (one feature per county, `fips`) as a topology whose arcs are simplified per
 * level. A ring whose arcs would all simplify to straight lines (fewer than three distinct vertices) gets
 * its arcs' farthest vertices kept: a small county keeps a shape, and its neighbours the same border.
 */
export function countyDisplayTopology(counties: Array<{ fips: string; geometry: Geometry }>): DisplayTopology {
  const input = { type: 'FeatureCollection', features: counties.map((c) => ({ type: 'Feature', properties: { fips: c.fips }, geometry: c.geometry })) };
  const topo = topology({ counties: input as FeatureCollection }) as unknown as CountyTopology;
  const source = topo.arcs as Arc[];
  const arcCounties = topo.objects.counties.geometries.flatMap((g) =>
    g.type === 'Polygon' ? [{ fips: g.properties!.fips, polygons: [g.arcs] }] : g.type === 'MultiPolygon' ? [{ fips: g.properties!.fips, polygons: g.arcs }] : [],
  );
  const rings = arcCounties.flatMap((c) => c.polygons.flat());
  const arcs = new Map<DisplayLevel, Arc[]>();
  for (const { level, tolerance } of DISPLAY_LEVELS) {
    const simplified = source.map((a) => simplifyArc(a, tolerance));
    for (const ring of rings) {
      const distinct = ring.reduce((n, i) => n + simplified[i < 0 ? ~i : i]!.length - 1, 0);
      if (distinct >= 3) continue;
      for (const i of ring) simplified[i < 0 ? ~i : i] = simplifyArc(source[i < 0 ? ~i : i]!, tolerance, true);
    }
    arcs.set(level, simplified);
  }
  return { counties: arcCounties, arcs };
}
