import type { Queryable } from '../../src/db/types.js';

/**
 * Everything a seed writes, as counts and digests: equal snapshots mean the seed changed nothing
 * (membership, district and routing geometry, advisors, and which seed files are loaded).
 */
export async function seedSnapshot(q: Queryable): Promise<Record<string, unknown> & { counties: number }> {
  const r = await q.query<Record<string, unknown> & { counties: number }>(
    `select (select count(*) from consulates)::int as consulates, (select count(*) from counties)::int as counties,
            (select count(*) from districts)::int as districts, (select count(*) from district_parts)::int as parts,
            (select count(*) from advisors)::int as advisors,
            (select string_agg(fips || ':' || consulate_id, ',' order by fips) from counties) as membership,
            (select string_agg(consulate_id || ':' || county_count || ':' || md5(ST_AsEWKB(geom)::text), ','
                    order by consulate_id) from districts) as districts_digest,
            (select string_agg(h, ',' order by h) from
               (select consulate_id || ':' || md5(ST_AsEWKB(geom)::text) as h from district_parts) p) as parts_digest,
            (select data_hash from seed_state) as hash`,
  );
  return r.rows[0]!;
}
