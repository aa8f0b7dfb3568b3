import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { FeatureCollection, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readSeedFiles, SEED_DATA_DIR } from '../src/load.js';
import { isStateOrDc } from '../src/model.js';
import { FINE_COUNTIES_FILE, MAX_PART_VERTICES, readFineCounties } from '../src/fineCounties.js';
import { COUNTY_DISPLAY_FILE, readCountyDisplay, writeCountyDisplay } from '../src/countyDisplayFile.js';

/**
 * seeds/data is the import of the shared reference data's third sourcing pass (docs/DISTRICTS.md). The
 * shared folder sits next to the project's checkout on the machines where the data is sourced; a fresh
 * clone has only seeds/data, so the comparison with the source is skipped there and the numbers checked.
 */
const SHARED = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const IMPORT = fileURLToPath(new URL('../src/import-shared.ts', import.meta.url));
const hasShared = existsSync(SHARED + 'county_assignments.csv');

describe('seeds/data as imported from the shared data', () => {
  it('holds the third pass: 2,737 sourced, 15 recalled, 390 inferred of 3,142; strong 135, medium 47, weak 482', () => {
    const rows = readSeedFiles().membership.filter((r) => isStateOrDc(r.fips));
    const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
    expect(rows).toHaveLength(3142);
    expect([count((r) => r.provenance === 'S'), count((r) => r.provenance === 'R'), count((r) => r.provenance === 'I')]).toEqual([2737, 15, 390]);
    expect(['strong', 'medium', 'weak', 'pass1'].map((s) => count((r) => r.evidenceStrength === s))).toEqual([135, 47, 482, 2073]);
    expect(count((r) => r.setInPass === '3')).toBe(395);
    const westTn = rows.filter((r) => r.state === 'TN' && r.officeId === 'littlerock');
    expect(westTn).toHaveLength(21);
    expect(westTn.every((r) => r.provenance === 'S')).toBe(true);
    // Shelby (Memphis) is Little Rock's by its mobile consulates; the other 20 by "West Tennessee" statements.
    expect(westTn.filter((r) => r.source.includes('West Tennessee'))).toHaveLength(20);
  });

  it('holds every fine county polygon (1:500,000): 3,220 counties, every source vertex, pieces of at most 256 vertices', () => {
    const fine = readFineCounties(SEED_DATA_DIR + FINE_COUNTIES_FILE);
    expect(fine.size).toBe(3220);
    const membership = readSeedFiles().membership.filter((r) => r.officeId !== '' && !r.fips.startsWith('78'));
    expect(membership.filter((r) => !fine.has(r.fips))).toEqual([]); // every assigned county but the USVI's
    let pieces = 0;
    let vertices = 0;
    let largest = 0;
    for (const list of fine.values())
      for (const rings of list) {
        const n = rings.reduce((a, r) => a + r.length, 0);
        pieces += 1;
        vertices += n;
        largest = Math.max(largest, n);
      }
    expect(largest).toBeLessThanOrEqual(MAX_PART_VERTICES);
    expect(pieces).toBeGreaterThan(9000);
    // The source's 1,036,051 vertices, plus those the cuts add.
    expect(vertices).toBeGreaterThan(1_036_051);
  });

  it('holds the counties\' outlines for maps: every fine county, three levels, each coarser level with fewer vertices', () => {
    const topo = readCountyDisplay(SEED_DATA_DIR + COUNTY_DISPLAY_FILE);
    expect(topo.counties).toHaveLength(3220);
    expect(new Set(topo.counties.map((c) => c.fips))).toEqual(new Set(readFineCounties(SEED_DATA_DIR + FINE_COUNTIES_FILE).keys()));
    const n = (level: 'low' | 'medium' | 'high') => topo.arcs.get(level)!.reduce((a, arc) => a + arc.length, 0);
    expect(topo.arcs.get('low')!.length).toBe(topo.arcs.get('high')!.length); // the same arcs, simplified
    expect(n('low')).toBeLessThan(n('medium') / 2);
    expect(n('medium')).toBeLessThan(n('high') / 2);
  });

  it.skipIf(!hasShared)('the outlines for maps are exactly what import-shared.ts writes from ../shared/data (skipped without that folder)', () => {
    const out = mkdtempSync(tmpdir() + '/county-display-');
    try {
      writeCountyDisplay(JSON.parse(gunzipSync(readFileSync(SHARED + 'counties_500k.geojson.gz')).toString('utf8')) as FeatureCollection<Geometry, { fips: string }>, out);
      expect(readFileSync(`${out}/${COUNTY_DISPLAY_FILE}`).equals(readFileSync(SEED_DATA_DIR + COUNTY_DISPLAY_FILE))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it.skipIf(!hasShared)('offices and membership are exactly what import-shared.ts writes from ../shared/data (skipped without that folder)', () => {
    const out = mkdtempSync(tmpdir() + '/import-shared-');
    try {
      execFileSync(process.execPath, ['--import', 'tsx', IMPORT, SHARED, out, '--without-fine'], { stdio: 'pipe' });
      for (const f of ['offices.json', 'county-membership.csv'])
        expect(readFileSync(`${out}/${f}`, 'utf8'), f).toBe(readFileSync(SEED_DATA_DIR + f, 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasShared)('the fine polygons hold every county of ../shared/data\'s 1:500,000 file with its exact extent and its vertices (skipped without that folder)', () => {
    const source = JSON.parse(gunzipSync(readFileSync(SHARED + 'counties_500k.geojson.gz')).toString('utf8')) as FeatureCollection<Geometry, { fips: string }>;
    const fine = readFineCounties(SEED_DATA_DIR + FINE_COUNTIES_FILE);
    expect([...fine.keys()].sort()).toEqual(source.features.map((f) => f.properties.fips).sort());
    const wrong = source.features.filter((f) => {
      const rings = fine.get(f.properties.fips)!.flat();
      const cut = extent(rings.flat());
      const src = extent(allPositions(f.geometry));
      // The cut keeps every vertex but repeated ones (a few counties lose 1–8 of a few hundred).
      return rings.reduce((n, r) => n + r.length, 0) < 0.97 * allPositions(f.geometry).length || cut.some((v, i) => Math.abs(v - src[i]!) > 1e-6);
    });
    expect(wrong.map((f) => f.properties.fips)).toEqual([]);
  });

  // The cut itself (embedded PostGIS over a million vertices) takes minutes: run on demand, when the file is rebuilt.
  it.skipIf(!hasShared || !process.env.IMPORT_SHARED_FULL)(
    'the fine polygons are exactly what import-shared.ts cuts from ../shared/data (only with IMPORT_SHARED_FULL=1: minutes of PostGIS)',
    { timeout: 600_000 },
    () => {
      const out = mkdtempSync(tmpdir() + '/import-shared-');
      try {
        execFileSync(process.execPath, ['--import', 'tsx', IMPORT, SHARED, out], { stdio: 'pipe' });
        // The same bytes (gzip without a timestamp).
        expect(readFileSync(`${out}/${FINE_COUNTIES_FILE}`).equals(readFileSync(SEED_DATA_DIR + FINE_COUNTIES_FILE)), FINE_COUNTIES_FILE).toBe(true);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  );
});

function allPositions(g: Geometry): number[][] {
  if (g.type === 'Polygon') return g.coordinates.flat();
  if (g.type === 'MultiPolygon') return g.coordinates.flat(2);
  throw new Error(`unexpected geometry ${g.type}`);
}

/** [minLon, minLat, maxLon, maxLat]. */
function extent(points: number[][]): [number, number, number, number] {
  const e: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    e[0] = Math.min(e[0], x!); e[1] = Math.min(e[1], y!); e[2] = Math.max(e[2], x!); e[3] = Math.max(e[3], y!);
  }
  return e;
}
