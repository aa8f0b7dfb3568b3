import type { Queryable } from '../db/types.js';
import type { ConsulateRow } from './rows.js';

export async function listConsulates(q: Queryable): Promise<ConsulateRow[]> {
  const r = await q.query<ConsulateRow>(
    `select id, name, city, state, address, phone, is_fallback,
            ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat
     from consulates order by id`,
  );
  return r.rows;
}
