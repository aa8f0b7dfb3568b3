import type { Queryable } from '../db/types.js';

export interface DistrictCountyRow {
  fips: string;
  name: string;
  state: string;
  provenance: string;
  source: string | null;
}

export interface DistrictRow {
  consulate_id: string;
  counties: DistrictCountyRow[];
}

/** A district's county membership with provenance; null when the office has no district (or none such). */
export async function districtOf(q: Queryable, consulateId: string): Promise<DistrictRow | null> {
  const r = await q.query<DistrictCountyRow>(
    `select fips, name, state, provenance, source from counties where consulate_id = $1 order by fips`,
    [consulateId],
  );
  return r.rows.length ? { consulate_id: consulateId, counties: r.rows } : null;
}
