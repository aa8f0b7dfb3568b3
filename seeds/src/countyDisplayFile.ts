import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FeatureCollection, Geometry } from 'geojson';
import { decodeRing, encodeRing } from './fineCounties.js';
import { countyDisplayTopology, DISPLAY_LEVELS, type CountyArcs, type DisplayLevel, type DisplayTopology } from './displayLevels.js';

/**
 * `seeds/data/county-display.json.gz`: the counties' topology for maps (seeds/src/displayLevels.ts),
 * computed once when the shared data is imported, so neither a seed nor a correction simplifies
 * anything. Each county as arc indices; each level's arcs as integers (degrees × 10⁵, about a metre:
 * finer than any level draws), the first vertex whole and the others as deltas. A shared border is one
 * arc, so both its counties get the very same vertices.
 */
export const COUNTY_DISPLAY_FILE = 'county-display.json.gz';
const DISPLAY_SCALE = 100_000;

interface CountyDisplayFile {
  source: string;
  scale: number;
  levels: typeof DISPLAY_LEVELS;
  counties: CountyArcs[];
  arcs: Record<DisplayLevel, number[][]>;
}

export function encodeCountyDisplay(topo: DisplayTopology, source: string): Buffer {
  const arcs = {} as CountyDisplayFile['arcs'];
  for (const { level } of DISPLAY_LEVELS) arcs[level] = topo.arcs.get(level)!.map((a) => encodeRing(a, DISPLAY_SCALE));
  const counties = [...topo.counties].sort((a, b) => a.fips.localeCompare(b.fips));
  const file: CountyDisplayFile = { source, scale: DISPLAY_SCALE, levels: DISPLAY_LEVELS, counties, arcs };
  return gzipSync(JSON.stringify(file), { level: 9 });
}

export function decodeCountyDisplay(gz: Buffer): DisplayTopology {
  const file = JSON.parse(gunzipSync(gz).toString('utf8')) as CountyDisplayFile;
  const arcs = new Map(DISPLAY_LEVELS.map(({ level }) => [level, file.arcs[level].map((a) => decodeRing(a, file.scale))] as const));
  return { counties: file.counties, arcs };
}

export const readCountyDisplay = (path: string): DisplayTopology => decodeCountyDisplay(readFileSync(path));

/** Part of the import (seeds/src/import-shared.ts): the fine source's counties, simplified and written; returns the bytes. */
export function writeCountyDisplay(fine: FeatureCollection<Geometry, { fips: string }>, outDir: string): number {
  const topo = countyDisplayTopology(fine.features.map((f) => ({ fips: f.properties.fips, geometry: f.geometry })));
  const file = encodeCountyDisplay(
    topo,
    'US Census Bureau cartographic boundary counties cb_2018_us_county_500k (1:500,000, public domain), ' +
      'via ../shared/data/counties_500k.geojson.gz; shared borders simplified per level (seeds/src/displayLevels.ts)',
  );
  writeFileSync(`${outDir}/${COUNTY_DISPLAY_FILE}`, file);
  return file.length;
}
