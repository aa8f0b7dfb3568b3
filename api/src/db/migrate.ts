import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './types.js';
import { log } from '../log.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../db/migrations/', import.meta.url));

/** Numbered, forward-only `.sql` files; each runs in its own transaction, recorded in `schema_migrations`. */
export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Array<{ name: string; sql: string }>> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (name) => ({ name, sql: await readFile(dir + name, 'utf8') })));
}

export async function migrate(db: Db): Promise<string[]> {
  await db.query(`create table if not exists schema_migrations (
    name text primary key, applied_at timestamptz not null default now())`);
  const applied = new Set(
    (await db.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name),
  );
  const done: string[] = [];
  for (const m of await listMigrations()) {
    if (applied.has(m.name)) continue;
    log.info('db.migrating', { migration: m.name });
    await db.tx(async (q) => {
      // Two processes starting at once: the lock makes the second wait, then skip what the first applied.
      await q.query('select pg_advisory_xact_lock(7261001)');
      const again = await q.query('select 1 from schema_migrations where name = $1', [m.name]);
      if (again.rowCount > 0) return;
      await q.exec(m.sql);
      await q.query('insert into schema_migrations (name) values ($1)', [m.name]);
      done.push(m.name);
    });
  }
  return done;
}

/** Names of migration files not yet applied (readiness fails while any remain). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = (await listMigrations()).map((m) => m.name);
  const rows = await db.query<{ name: string }>('select name from schema_migrations').catch(() => ({ rows: [] }));
  const applied = new Set(rows.rows.map((r) => r.name));
  return all.filter((n) => !applied.has(n));
}

