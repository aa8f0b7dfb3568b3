import type { Queryable } from '../db/types.js';

export interface DistrictCountyRow {
  fips: string;
  name: string;
  state: string;
  provenance: string;
  source: string | null;
  evidenceStrength: 'STRONG' | 'MEDIUM' | 'WEAK' | 'UNGRADED' | null;
  setInPass: string | null;
  uncertain: boolean;
  correctedAt: Date | null;
}

export interface DistrictRow {
  consulate_id: string;
  counties: DistrictCountyRow[];
}

/**
 * Where routing is uncertain: inferred or recalled membership, or a weakly sourced one, not corrected
 * since (`c`: the counties row). The map's shading (`/geo/uncertain-counties.geojson`) uses the same rule.
 */
export const UNCERTAIN_COUNTY_SQL = `(c.provenance in ('I', 'R') or (c.provenance = 'S' and c.evidence_strength = 'weak'))`;

/** A county as `DistrictCounty` shows it; first-pass rows say `pass1`, which graded nothing. */
export const DISTRICT_COUNTY_COLUMNS = `c.fips, c.name, c.state, c.provenance, c.source,
  case when c.provenance <> 'S' then null
       when c.evidence_strength in ('strong', 'medium', 'weak') then upper(c.evidence_strength)
       else 'UNGRADED' end as "evidenceStrength",
  c.set_in_pass as "setInPass", ${UNCERTAIN_COUNTY_SQL} as uncertain, c.corrected_at as "correctedAt"`;

/** A district's county membership with provenance; null when the office has no district (or none such). */
export async function districtOf(q: Queryable, consulateId: string): Promise<DistrictRow | null> {
  const r = await q.query<DistrictCountyRow>(
    `select ${DISTRICT_COUNTY_COLUMNS} from counties c where c.consulate_id = $1 order by c.fips`,
    [consulateId],
  );
  return r.rows.length ? { consulate_id: consulateId, counties: r.rows } : null;
}
