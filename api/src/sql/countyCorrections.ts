import type { Queryable } from '../db/types.js';
import { CORRECTION_SET_SQL } from '../../../seeds/src/corrections.js';
import { COUNTY_DISPLAY_FILE, readCountyDisplay } from '../../../seeds/src/countyDisplayFile.js';
import { rebuildDistrictDisplay } from '../../../seeds/src/districtDisplay.js';
import { SEED_DATA_DIR } from '../../../seeds/src/load.js';
import { DISTRICT_COUNTY_COLUMNS, type DistrictCountyRow } from './districts.js';

/**
 * Serialises corrections: each rebuilds whole districts, and two rebuilding the same one at once would
 * collide on its row. Corrections are rare; waiting is cheap.
 */
export async function lockCorrections(q: Queryable): Promise<void> {
  await q.query('select pg_advisory_xact_lock(7261003)');
}

/** The county's office, locked for the correction; null for an unknown FIPS code. */
export async function lockCounty(q: Queryable, fips: string): Promise<{ consulate_id: string } | null> {
  const r = await q.query<{ consulate_id: string }>('select consulate_id from counties where fips = $1::text for update', [fips]);
  return r.rows[0] ?? null;
}

export interface CountyCorrection {
  fips: string;
  consulateId: string;
  previousConsulateId: string;
  note: string;
  actorRole: string;
  actorId: string | null;
}

/**
 * Records the correction (append-only), applies it to the county exactly as a reseed re-applies it
 * (seeds/src/corrections.ts), and rebuilds both districts it touches. Returns the county as corrected.
 */
export async function applyCountyCorrection(q: Queryable, c: CountyCorrection): Promise<DistrictCountyRow> {
  const r = await q.query<DistrictCountyRow>(
    `with k as (
       insert into county_corrections (fips, consulate_id, previous_consulate_id, note, actor_role, actor_id)
       values ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text)
       returning fips, consulate_id, note, at)
     update counties c set ${CORRECTION_SET_SQL}
     from k where c.fips = k.fips
     returning ${DISTRICT_COUNTY_COLUMNS}`,
    [c.fips, c.consulateId, c.previousConsulateId, c.note, c.actorRole, c.actorId],
  );
  const offices = [...new Set([c.previousConsulateId, c.consulateId])];
  await q.query('select rebuild_districts($1::text[])', [offices]);
  await rebuildDistrictDisplay(q, () => readCountyDisplay(SEED_DATA_DIR + COUNTY_DISPLAY_FILE), offices);
  // The maps' district GeoJSON is cached per seed (api/src/http/geo.ts): a new stamp makes it rebuild.
  await q.query('update seed_state set seeded_at = now()');
  return r.rows[0]!;
}
