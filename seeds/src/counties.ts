import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Geometry } from 'geojson';

const require = createRequire(import.meta.url);

/** County polygons of us-atlas v3 (Census 2017 cartographic boundaries, 1:10M), keyed by 5-digit FIPS. */
export function loadCountyGeometry(): Map<string, Geometry> {
  const topo = require('us-atlas/counties-10m.json') as Topology<{ counties: GeometryCollection }>;
  const fc = feature(topo, topo.objects.counties);
  const out = new Map<string, Geometry>();
  for (const f of fc.features) if (f.id !== undefined && f.geometry) out.set(String(f.id).padStart(5, '0'), f.geometry);
  return out;
}
