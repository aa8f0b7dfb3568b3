import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Position } from 'geojson';

/**
 * The fine county polygons (Census 1:500,000, `../shared/data/counties_500k.geojson.gz`) as the project
 * keeps them in `seeds/data/counties-500k.json.gz`, already cut for routing: each county is a list of
 * pieces of at most 256 vertices (PostGIS `ST_Subdivide`, seeds/src/cutParts.ts), so a seed only inserts
 * them. Every source vertex is kept; coordinates are integers (degrees × 10⁷: the source's 6 decimals
 * exactly, and the vertices the cut adds to within 1 cm), each ring's first vertex whole and the others as
 * deltas from the previous one, which compress well.
 */
export const FINE_COUNTIES_FILE = 'counties-500k.json.gz';
export const FINE_SCALE = 10_000_000;
/** Pieces of at most this many vertices: no point-in-polygon test touches more (docs/BENCHMARKS.md). */
export const MAX_PART_VERTICES = 256;

/** A polygon as lists of [lon, lat] rings. */
export type Rings = Position[][];

interface FineCountiesFile {
  source: string;
  /** Coordinates are integers: degrees × scale. */
  scale: number;
  vertices: number;
  /** Per county FIPS, its pieces; a piece is a list of rings, a ring a flat list [x0, y0, dx1, dy1, …]. */
  parts: Record<string, number[][][]>;
}

/** A ring as integers (degrees × scale), the first vertex whole and the others as deltas from the previous one. */
export function encodeRing(ring: Position[], scale = FINE_SCALE): number[] {
  const out: number[] = [];
  let px = 0;
  let py = 0;
  for (const [lon, lat] of ring) {
    const x = Math.round(lon! * scale);
    const y = Math.round(lat! * scale);
    out.push(x - px, y - py);
    px = x;
    py = y;
  }
  return out;
}

export function decodeRing(flat: number[], scale: number): Position[] {
  const ring: Position[] = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    x += flat[i]!;
    y += flat[i + 1]!;
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

/** Encodes each county's pieces, sorted by FIPS so the same input always gives the same bytes. */
export function encodeFineCounties(parts: Map<string, Rings[]>, source: string): Buffer {
  const out: Record<string, number[][][]> = {};
  let vertices = 0;
  for (const fips of [...parts.keys()].sort()) {
    const pieces = parts.get(fips)!;
    for (const p of pieces) for (const r of p) vertices += r.length;
    out[fips] = pieces.map((p) => p.map((r) => encodeRing(r)));
  }
  const file: FineCountiesFile = { source, scale: FINE_SCALE, vertices, parts: out };
  return gzipSync(JSON.stringify(file), { level: 9 });
}

/** Each county's routing pieces (<= 256 vertices each), keyed by 5-digit FIPS. */
export function decodeFineCounties(gz: Buffer): Map<string, Rings[]> {
  const file = JSON.parse(gunzipSync(gz).toString('utf8')) as FineCountiesFile;
  const out = new Map<string, Rings[]>();
  for (const [fips, pieces] of Object.entries(file.parts)) out.set(fips, pieces.map((p) => p.map((r) => decodeRing(r, file.scale))));
  return out;
}

export const readFineCounties = (path: string): Map<string, Rings[]> => decodeFineCounties(readFileSync(path));

/**
 * A polygon as hex EWKB with SRID 4326, PostGIS's own text form of a geometry: parsed far faster than
 * GeoJSON, which matters in the embedded PostGIS (a million vertices on a first start).
 */
export function polygonEwkbHex(rings: Rings): string {
  const n = rings.reduce((a, r) => a + r.length, 0);
  const b = Buffer.alloc(1 + 4 + 4 + 4 + rings.length * 4 + n * 16);
  let o = b.writeUInt8(1, 0); // little endian
  o = b.writeUInt32LE(0x20000003, o); // Polygon, with SRID
  o = b.writeUInt32LE(4326, o);
  o = b.writeUInt32LE(rings.length, o);
  for (const r of rings) {
    o = b.writeUInt32LE(r.length, o);
    for (const [x, y] of r) {
      o = b.writeDoubleLE(x!, o);
      o = b.writeDoubleLE(y!, o);
    }
  }
  return b.toString('hex');
}
