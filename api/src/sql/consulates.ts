import type { Queryable } from '../db/types.js';
import type { ConsulateRow } from './rows.js';

/** The offices change only on reseed; kept in memory so resolving `consulate` never queries (graphql/consulateDirectory.ts). */
export interface ConsulateDirectory {
  get(id: string): ConsulateRow | undefined;
  all(): ConsulateRow[];
  reload(): Promise<void>;
}

export async function listConsulates(q: Queryable): Promise<ConsulateRow[]> {
  const r = await q.query<ConsulateRow>(
    `select id, name, city, state, address, phone, is_fallback,
            ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat
     from consulates order by id`,
  );
  return r.rows;
}
