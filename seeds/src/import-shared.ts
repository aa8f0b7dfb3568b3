/**
 * Derives the project's own seed files from the shared reference data (`../shared/data/`):
 *   seeds/data/offices.json            the 53 consulates plus CIAM, the national fallback centre
 *   seeds/data/county-membership.csv   one row per county: which office, and how we know (S/R/I), how
 *                                      strongly (`evidence_strength`), whether a state- or county-level
 *                                      statement (`level`), and in which sourcing pass (`set_in_pass`)
 *   seeds/data/counties-500k.json.gz   the fine county polygons (Census 1:500,000) that routing uses,
 *                                      cut into pieces of <= 256 vertices and compactly encoded
 *                                      (seeds/src/cutParts.ts, seeds/src/fineCounties.ts; about a minute)
 *   seeds/data/county-display.json.gz  the same counties' outlines for maps at three levels of detail,
 *                                      simplified along shared borders (seeds/src/displayLevels.ts; seconds)
 * Run it when the shared data changes: `npx tsx seeds/src/import-shared.ts [path/to/shared/data] [out/dir]`
 * (the output directory defaults to seeds/data/).
 * After that, seeds/data is the project's source of truth: operators correct it row by row.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { FeatureCollection, Geometry } from 'geojson';
import { fileURLToPath } from 'node:url';
import { csvRecords, toCsv } from './csv.js';
import type { OfficeSeed } from './model.js';
import { encodeFineCounties, FINE_COUNTIES_FILE } from './fineCounties.js';
import { cutCountyParts } from './cutParts.js';
import { writeCountyDisplay } from './countyDisplayFile.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// `--without-fine` writes only the office and membership files (the fine polygons' cut takes minutes).
const args = process.argv.slice(2).filter((a) => a !== '--without-fine');
const withFine = !process.argv.includes('--without-fine');
const sharedDir = args[0] ?? here('../../../shared/data/');
const outDir = args[1] ?? here('../data/');

interface SharedConsulate {
  id: string;
  name: string;
  city: string;
  state: string;
  address: string | null;
  phone: string | null;
  lat: number;
  lon: number;
  confidence: string;
}

// CIAM is not in the shared list of consulates: it is the 24/7 national information and assistance
// centre, located in Tucson, that answers for places outside every consular district.
const CIAM: OfficeSeed = {
  id: 'ciam',
  name: 'Centro de Información y Asistencia a Mexicanos (CIAM)',
  city: 'Tucson',
  state: 'AZ',
  address: null,
  phone: '+1-520-623-7874',
  lat: 32.2226,
  lon: -110.9747,
  confidence: 'recalled',
  isFallback: true,
};

const consulates = JSON.parse(readFileSync(sharedDir + '/consulates.json', 'utf8')) as SharedConsulate[];
const offices: OfficeSeed[] = [
  ...consulates.map((c) => ({
    id: c.id,
    name: c.name,
    city: c.city,
    state: c.state,
    address: c.address,
    phone: c.phone,
    lat: c.lat,
    lon: c.lon,
    confidence: c.confidence,
    isFallback: false,
  })),
  CIAM,
].sort((a, b) => a.id.localeCompare(b.id));

const assignments = csvRecords(readFileSync(sharedDir + '/county_assignments.csv', 'utf8'));
const membership = assignments.map((a) => ({
  fips: a.fips ?? '',
  state: a.state ?? '',
  county: a.county ?? '',
  office_id: a.consulate_id ?? '',
  provenance: a.provenance ?? '',
  evidence_strength: a.evidence_strength ?? '',
  level: a.level ?? '',
  set_in_pass: a.set_in_pass ?? '',
  source: a.source ?? '',
}));

writeFileSync(`${outDir}/offices.json`, JSON.stringify(offices, null, 1) + '\n');
writeFileSync(
  `${outDir}/county-membership.csv`,
  toCsv(['fips', 'state', 'county', 'office_id', 'provenance', 'evidence_strength', 'level', 'set_in_pass', 'source'], membership),
);
if (withFine) {
  const fine = JSON.parse(gunzipSync(readFileSync(sharedDir + '/counties_500k.geojson.gz')).toString('utf8')) as FeatureCollection<Geometry, { fips: string }>;
  const parts = await cutCountyParts(fine.features.map((f) => ({ fips: f.properties.fips, geometry: f.geometry })));
  const fineFile = encodeFineCounties(
    parts,
    'US Census Bureau cartographic boundary counties cb_2018_us_county_500k (1:500,000, public domain), ' +
      'via ../shared/data/counties_500k.geojson.gz; cut with ST_Subdivide(geom, 256)',
  );
  writeFileSync(`${outDir}/${FINE_COUNTIES_FILE}`, fineFile);
  const displayBytes = writeCountyDisplay(fine, outDir);
  console.log(`wrote ${offices.length} offices, ${membership.length} county rows and ${fine.features.length} fine county polygons ` +
    `(${(fineFile.length / 1e6).toFixed(1)} MB) and their outlines for maps at 3 levels (${(displayBytes / 1e6).toFixed(1)} MB) to ${outDir}`);
} else console.log(`wrote ${offices.length} offices and ${membership.length} county rows to ${outDir}`);
