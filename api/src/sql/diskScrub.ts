import type { Db } from '../db/types.js';

/** Where erased identity, notes and precise coordinates lived (persons; alerts with its frozen phone view; the track). */
export const SCRUBBED_TABLES = ['persons', 'alerts', 'alert_track'] as const;

/**
 * Rewrites the tables that held erased data, so their old row versions are gone from the table files, then
 * moves the write-ahead log past them. An UPDATE or DELETE leaves the old row version in the file, and a
 * plain VACUUM only marks its space free: the bytes stay until overwritten (measured: a name set to null
 * was still in the table file after VACUUM, gone after VACUUM FULL). VACUUM FULL takes the table's
 * exclusive lock while it copies it: writers of that table wait (docs/SECURITY.md says how long).
 *
 * Then CHECKPOINT, a switch to a new WAL segment and a second CHECKPOINT: the segments holding the erased
 * rows' inserts and updates are no longer needed and are removed. On the embedded database this session
 * decides (`wal_recycle = off`: removed, not renamed for reuse with their content); on a PostgreSQL server
 * the checkpointer's own setting does, and the role needs `pg_checkpoint` and `pg_switch_wal`: without them
 * this step is skipped and the caller is told. VACUUM cannot run inside a transaction: each statement is
 * sent alone (PGlite's one connection, or any one connection of the pool).
 */
export async function scrubTables(db: Db): Promise<{ walMoved: boolean }> {
  if (db.kind === 'postgres') await waitForOlderSnapshots(db);
  await db.exec(`vacuum (full) ${SCRUBBED_TABLES.join(', ')}`);
  try {
    if (db.kind === 'pglite') await db.exec('set wal_recycle = off');
    await db.exec('checkpoint');
    await db.query('select pg_switch_wal()');
    await db.exec('checkpoint');
    return { walMoved: true };
  } catch {
    return { walMoved: false };
  }
}

/**
 * VACUUM FULL keeps a dead row version that a transaction still running may see (it copies it as "recently
 * dead"): one that began before the erasure committed, an autovacuum's ANALYZE or a long report. Seen
 * once in five runs of `disk-erasure.test.ts`. So first wait, up to `maxMs`, until every transaction of this
 * database that began before now holding a snapshot has ended, as CREATE INDEX CONCURRENTLY does.
 */
async function waitForOlderSnapshots(db: Db, maxMs = 10_000): Promise<void> {
  const since = (await db.query<{ t: Date }>('select clock_timestamp() as t')).rows[0]!.t;
  const deadline = Date.now() + maxMs;
  for (;;) {
    const r = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and backend_xmin is not null and xact_start < $1`,
      [since],
    );
    if ((r.rows[0]?.n ?? 0) === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
