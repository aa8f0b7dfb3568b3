import type { Queryable } from '../../src/db/types.js';
import type { MonthPartitioned } from '../../src/sql/partitions.js';

/** UTC months for the partition tests (tables partitioned by month of `at`, migrations 0018 and 0021). */

/** The first instant of the month `k` months from now (negative: ago). */
export const monthStart = (k: number): Date => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1));
};

/** The name of `parent`'s partition for the month of `d`: `<parent>_YYYY_MM`. */
export const monthPartition = (parent: string, d: Date): string =>
  `${parent}_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

export const at = (d: Date, plusMs: number): Date => new Date(d.getTime() + plusMs);

/** The partition each row of `table` with these keys (`key`: its id column) is stored in, in key order. */
export async function partitionsHolding(q: Queryable, table: MonthPartitioned, key: 'seq' | 'id', keys: number[]): Promise<string[]> {
  const r = await q.query<{ p: string }>(`select tableoid::regclass::text as p from ${table} where ${key} = any($1::bigint[]) order by ${key}`, [keys]);
  return r.rows.map((x) => x.p);
}
