import { mkdirSync } from 'node:fs';
import type { Db } from './types.js';
import { openPg } from './pg.js';
import { openPglite } from './pglite.js';
import { migrate } from './migrate.js';
import { isSeeded, seedDatabase } from '../../../seeds/src/load.js';
import { hasDemoAdvisors, seedDemoAdvisors } from './demoData.js';
import { log } from '../log.js';

/** Real PostgreSQL when a URL is given; otherwise the embedded PostGIS persisted in `dataDir`. */
export async function openDatabase(opts: { databaseUrl: string | null; dataDir: string; readDatabaseUrl?: string | null }): Promise<Db> {
  if (opts.databaseUrl) {
    const db = openPg({ connectionString: opts.databaseUrl, readConnectionString: opts.readDatabaseUrl ?? null });
    // Several hosts: start once one of them takes writes (a failover may be under way).
    await db.target.ready(30_000);
    return db;
  }
  mkdirSync(opts.dataDir, { recursive: true });
  log.info('db.embedded_opening', { dataDir: opts.dataDir, detail: 'first start takes ~30 s: creating PostGIS' });
  return openPglite({ dataDir: `${opts.dataDir}/pglite` });
}

/**
 * Migrates (unless `migrated`: done already by the migration role), then seeds the reference data
 * (consulates, districts) when the database does not yet hold the current seed files. The fictional demo
 * advisors only with `demo` (api/src/db/demoData.ts).
 */
export async function prepareDatabase(db: Db, opts: { demo: boolean; migrated?: boolean }): Promise<void> {
  if (!opts.migrated) {
    const applied = await migrate(db);
    if (applied.length) log.info('db.migrated', { applied });
  }
  if (!(await isSeeded(db))) {
    log.info('db.seeding', { detail: `loading offices and county districts${opts.demo ? ' and demo advisors' : ''}` });
    const r = await seedDatabase(db, { demoAdvisors: opts.demo, progress: (step) => log.info('db.seed_step', { step }) });
    log.info('db.seeded', r);
  } else if (opts.demo && !(await hasDemoAdvisors(db))) {
    log.info('db.demo_seeded', { advisors: await seedDemoAdvisors(db) });
  }
}
