import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Queryable } from './types.js';
import { messageTransaction } from './pgliteMessages.js';

export interface PgliteOptions {
  /** Directory for persistent data; omit for an in-memory database. */
  dataDir?: string;
  /** A gzipped data-dir dump to start from (tests clone a migrated, seeded template this way). */
  loadDataDir?: Blob;
}

/**
 * The embedded PostGIS: one in-process connection, so transactions are serialised by PGlite itself.
 * It stands behind the same interface as the pg pool.
 */
export async function openPglite(opts: PgliteOptions = {}): Promise<Db & { raw: PGlite }> {
  const raw = await PGlite.create({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    extensions: { postgis },
  });
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async exec(sql) {
      await q.exec(sql);
    },
    async query<R>(sql: string, params?: readonly unknown[]) {
      const r = await q.query<R>(sql, params as unknown[] | undefined);
      // PGlite reports affectedRows 0 for a SELECT; pg's rowCount counts the rows returned.
      return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
    },
  });
  const base = wrap(raw);
  return {
    kind: 'pglite',
    raw,
    query: base.query,
    exec: base.exec,
    tx: (fn) => messageTransaction((body) => raw.transaction((t) => body(wrap(t))), fn),
    async listen(channel, onNotify) {
      // In-process: there is no connection to lose, so no reconnect callback is ever needed.
      const unlisten = await raw.listen(channel, onNotify);
      return () => unlisten();
    },
    close: () => raw.close(),
  };
}
