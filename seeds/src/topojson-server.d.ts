// topojson-server 3.0.1 ships no types; the one function the import uses (seeds/src/displayLevels.ts).
declare module 'topojson-server' {
  import type { GeoJsonObject } from 'geojson';
  import type { Topology } from 'topojson-specification';
  export function topology(objects: Record<string, GeoJsonObject>, quantization?: number): Topology;
}
