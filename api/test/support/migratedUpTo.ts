import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Queryable } from '../../src/db/types.js';
import { listMigrations } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPg } from '../../src/db/pg.js';
import { withDatabase } from './globalSetup.js';

/** A database migrated up to (not including) `stop`, on `backend`: fresh, apart from the run's template. */
export async function migratedUpTo(backend: 'pglite' | 'postgres', stop: string): Promise<{ q: Queryable; dispose(): Promise<void> }> {
  let db: Queryable & { close(): Promise<void> };
  let dispose: () => Promise<void>;
  if (backend === 'pglite') {
    db = await openPglite();
    dispose = () => db.close();
  } else {
    const name = `partitions_migration_${randomUUID().slice(0, 8)}`;
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      await c.query(sql).finally(() => c.end());
    };
    await admin(`create database ${name}`);
    db = openPg({ connectionString: withDatabase(process.env.TEST_DATABASE_URL!, name) });
    dispose = async () => {
      await db.close();
      await admin(`drop database if exists ${name} with (force)`);
    };
  }
  for (const m of await listMigrations()) if (m.name < stop) await db.exec(m.sql);
  return { q: db, dispose };
}

