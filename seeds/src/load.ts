import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Geometry } from 'geojson';
import { csvRecords } from './csv.js';
import { loadCountyGeometry } from './counties.js';
import { demoAdvisors } from './advisors.js';
import { validateSeed } from './validate.js';
import { reapplyCorrections } from './corrections.js';
import { FINE_COUNTIES_FILE, decodeFineCounties } from './fineCounties.js';
import { syncRoutingParts } from './routingParts.js';
import { COUNTY_DISPLAY_FILE, decodeCountyDisplay } from './countyDisplayFile.js';
import { rebuildDistrictDisplay } from './districtDisplay.js';
import type { MembershipRow, OfficeSeed } from './model.js';
import type { Db, Queryable } from './queryable.js';

export const SEED_DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));
/** Bump when the loading code changes what it writes, so existing databases are reseeded. */
const LOADER_VERSION = 'v4';

export class SeedValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`seed data is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'SeedValidationError';
  }
}

export interface SeedFiles {
  offices: OfficeSeed[];
  membership: MembershipRow[];
  hash: string;
  /** The fine county polygons' file (gzipped; decoded only when routing parts must be cut) and its hash. */
  fine: { gz: Buffer; hash: string };
  /** The counties' topology for the maps' district outlines (gzipped; seeds/src/countyDisplayFile.ts) and its hash. */
  display: { gz: Buffer; hash: string };
}

export function readSeedFiles(dir = SEED_DATA_DIR): SeedFiles {
  const officesText = readFileSync(dir + 'offices.json', 'utf8');
  const membershipText = readFileSync(dir + 'county-membership.csv', 'utf8');
  const membership = csvRecords(membershipText).map((r) => ({
    line: r.line,
    fips: r.fips ?? '',
    state: r.state ?? '',
    county: r.county ?? '',
    officeId: r.office_id ?? '',
    provenance: r.provenance ?? '',
    evidenceStrength: r.evidence_strength ?? '',
    level: r.level ?? '',
    setInPass: r.set_in_pass ?? '',
    source: r.source ?? '',
  }));
  const fineGz = readFileSync(dir + FINE_COUNTIES_FILE);
  const fineHash = createHash('sha256').update(fineGz).digest('hex');
  const displayGz = readFileSync(dir + COUNTY_DISPLAY_FILE);
  const displayHash = createHash('sha256').update(displayGz).digest('hex');
  const hash = createHash('sha256').update(LOADER_VERSION).update(officesText).update(membershipText).update(fineHash).update(displayHash).digest('hex');
  return {
    offices: JSON.parse(officesText) as OfficeSeed[],
    membership,
    hash,
    fine: { gz: fineGz, hash: fineHash },
    display: { gz: displayGz, hash: displayHash },
  };
}

export interface SeedOptions {
  files?: SeedFiles;
  geometry?: Map<string, Geometry>;
  /** Also the fictional demo advisors (marked `demo`); default false. */
  demoAdvisors?: boolean;
  progress?: (step: string) => void;
}

/** Whether the database already holds exactly these seed files. */
export async function isSeeded(db: Queryable, files = readSeedFiles()): Promise<boolean> {
  const r = await db.query<{ data_hash: string }>('select data_hash from seed_state');
  return r.rows[0]?.data_hash === files.hash;
}

/**
 * Validates the seed files, then in one transaction upserts offices and county membership and
 * recomputes every district polygon from membership. Idempotent: running it twice changes nothing.
 */
export async function seedDatabase(db: Db, opts: SeedOptions = {}): Promise<{ offices: number; counties: number; advisors: number }> {
  const progress = opts.progress ?? (() => undefined);
  const files = opts.files ?? readSeedFiles();
  const geometry = opts.geometry ?? loadCountyGeometry();
  const problems = validateSeed(files.offices, files.membership, new Set(geometry.keys()));
  if (problems.length > 0) throw new SeedValidationError(problems);

  const assigned = files.membership.filter((r) => r.officeId !== '');
  // Fictional people only when asked for (api/src/db/demoData.ts decides): never by default.
  const advisors = opts.demoAdvisors === true ? demoAdvisors(files.offices.filter((o) => !o.isFallback)) : [];

  await db.tx(async (q) => {
    progress(`offices: ${files.offices.length}`);
    await upsertOffices(q, files.offices);
    progress(`counties: ${assigned.length} with geometry`);
    await upsertCounties(q, assigned, geometry);
    progress(`corrections kept: ${await reapplyCorrections(q)}`);
    await syncRoutingParts(q, files.fine.hash, () => decodeFineCounties(files.fine.gz), progress);
    progress('districts: dissolving counties per office for maps, routing parts following their counties');
    await q.query('select rebuild_districts(null)');
    progress('district outlines for maps: 3 levels of detail, merged from the counties each office holds');
    await rebuildDistrictDisplay(q, () => decodeCountyDisplay(files.display.gz), null);
    await q.exec('analyze district_parts');
    if (advisors.length > 0) {
      progress(`demo advisors: ${advisors.length}`);
      await insertDemoAdvisors(q, advisors);
    }
    await assertSeedComplete(q, assigned.length);
    await q.query(
      `insert into seed_state (singleton, data_hash, parts_hash) values (true, $1, $2)
       on conflict (singleton) do update set data_hash = excluded.data_hash, parts_hash = excluded.parts_hash, seeded_at = now()`,
      [files.hash, files.fine.hash],
    );
  });
  return { offices: files.offices.length, counties: assigned.length, advisors: advisors.length };
}

async function upsertOffices(q: Queryable, offices: OfficeSeed[]) {
  const col = <K extends keyof OfficeSeed>(k: K) => offices.map((o) => o[k]);
  await q.query(
    `insert into consulates (id, name, city, state, address, phone, location, is_fallback, confidence)
     select id, name, city, state, address, phone,
            ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, is_fallback, confidence
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                 $7::float8[], $8::float8[], $9::bool[], $10::text[])
          as t(id, name, city, state, address, phone, lon, lat, is_fallback, confidence)
     on conflict (id) do update set
       name = excluded.name, city = excluded.city, state = excluded.state, address = excluded.address,
       phone = excluded.phone, location = excluded.location, is_fallback = excluded.is_fallback,
       confidence = excluded.confidence`,
    [col('id'), col('name'), col('city'), col('state'), col('address'), col('phone'), col('lon'), col('lat'), col('isFallback'), col('confidence')],
  );
}

async function upsertCounties(q: Queryable, rows: MembershipRow[], geometry: Map<string, Geometry>) {
  const BATCH = 400;
  for (let i = 0; i < rows.length; i += BATCH) {
    const b = rows.slice(i, i + BATCH);
    await q.query(
      `insert into counties (fips, state, name, consulate_id, provenance, evidence_strength, level, set_in_pass, source, geom)
       select fips, state, name, office, prov, nullif(strength, ''), nullif(level, ''), nullif(pass, ''), nullif(source, ''),
              -- us-atlas has self-intersections; MakeValid can yield collections: keep the polygons
              nullif(ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326), 'method=structure'), 3)),
                     'MULTIPOLYGON EMPTY'::geometry)
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::text[])
            as t(fips, state, name, office, prov, strength, source, g, level, pass)
       on conflict (fips) do update set
         state = excluded.state, name = excluded.name, consulate_id = excluded.consulate_id,
         provenance = excluded.provenance, evidence_strength = excluded.evidence_strength,
         level = excluded.level, set_in_pass = excluded.set_in_pass,
         source = excluded.source, geom = excluded.geom, corrected_at = null`,
      [
        b.map((r) => r.fips),
        b.map((r) => r.state),
        b.map((r) => r.county),
        b.map((r) => r.officeId),
        b.map((r) => r.provenance),
        b.map((r) => r.evidenceStrength),
        b.map((r) => r.source),
        b.map((r) => JSON.stringify(geometry.get(r.fips))),
        b.map((r) => r.level),
        b.map((r) => r.setInPass),
      ],
    );
  }
  await q.query('delete from counties where not (fips = any($1::text[]))', [rows.map((r) => r.fips)]);
}

export async function insertDemoAdvisors(q: Queryable, advisors: ReturnType<typeof demoAdvisors>) {
  // Existing rows are left alone: a reseed must not undo what operators changed on the roster.
  await q.query(
    `insert into advisors (id, consulate_id, name, kind, languages, availability, location, location_at, demo)
     select id, consulate_id, name, kind, string_to_array(langs, ','), 'AVAILABLE',
            ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, now(), true
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[])
          as t(id, consulate_id, name, kind, langs, lon, lat)
     on conflict (id) do nothing`,
    [
      advisors.map((a) => a.id),
      advisors.map((a) => a.consulateId),
      advisors.map((a) => a.name),
      advisors.map((a) => a.kind),
      advisors.map((a) => a.languages.join(',')),
      advisors.map((a) => a.lon),
      advisors.map((a) => a.lat),
    ],
  );
}

/**
 * The embedded PostGIS was seen to drop rows silently when a geometry function failed inside a
 * batch statement; count what landed so a partial seed fails loudly instead of routing wrongly.
 */
async function assertSeedComplete(q: Queryable, counties: number) {
  // Districts are counted against the offices that hold counties once corrections are applied.
  const r = await q.query<{ c: number; d: number; p: number; districts: number }>(
    `select (select count(*) from counties)::int as c, (select count(*) from districts)::int as d,
            (select count(*) from district_parts)::int as p,
            (select count(distinct consulate_id) from counties where geom is not null)::int as districts`,
  );
  const got = r.rows[0];
  const districts = got?.districts;
  if (!got || got.c !== counties || got.d !== districts || got.p < got.d)
    throw new Error(`seed incomplete: expected ${counties} counties and ${districts} districts, ` +
      `database has ${got?.c} counties, ${got?.d} districts, ${got?.p} routing parts`);
}
