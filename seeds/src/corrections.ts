import type { Queryable } from './queryable.js';

/** How a correction (`k`: a county_corrections row) sets its county `c`; one text for the seed and the API. */
export const CORRECTION_SET_SQL = `consulate_id = k.consulate_id, provenance = 'C', evidence_strength = null,
  level = 'county', set_in_pass = null, source = k.note, corrected_at = k.at`;

/**
 * Puts every county an operator corrected back the way they left it, after the seed files were loaded:
 * a correction is a layer over the reference data, so neither a reseed nor a new import of the shared
 * data undoes it (docs/DISTRICTS.md). The newest correction of a county is the one in force; the
 * county keeps the time of that correction. Returns how many counties carry a correction.
 */
export async function reapplyCorrections(q: Queryable): Promise<number> {
  const r = await q.query<{ fips: string }>(
    `update counties c set ${CORRECTION_SET_SQL}
     from (select distinct on (fips) fips, consulate_id, note, at from county_corrections order by fips, id desc) k
     where c.fips = k.fips
     returning c.fips`,
  );
  return r.rows.length;
}
