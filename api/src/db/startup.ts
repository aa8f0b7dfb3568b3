/**
 * The database as the server finds it at start: migrated and seeded (by the migration role where there is
 * one), the serving role's privileges set, and no fictional demo advisors in production.
 */
import type { Config } from '../config.js';
import type { Db } from './types.js';
import { openDatabase, prepareDatabase } from './open.js';
import { openPg } from './pg.js';
import { appendOnlyTablesOwnedBy, currentRole, grantServingRole } from './roles.js';
import { refuseDemoDataInProduction } from './demoData.js';
import { log } from '../log.js';

/** Opens the serving database, prepares it, and refuses what must not be served. `demo`: seed the demo advisors. */
export async function openServingDatabase(config: Config, demo: boolean): Promise<Db> {
  const db = await openDatabase(config);
  try {
    if (config.ops.migrationDatabaseUrl) await prepareAsMigrationRole(db, config.ops.migrationDatabaseUrl, demo);
    else await prepareDatabase(db, { demo });
    await refuseDemoDataInProduction(db, { production: config.production, allowDemoData: config.ops.allowDemoData });
    return db;
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

/** MIGRATION_DATABASE_URL: migrations, seeds and grants run as that role; `db` (the serving role) only reads its name. */
async function prepareAsMigrationRole(db: Db, migrationUrl: string, demo: boolean): Promise<void> {
  const migrator = openPg({ connectionString: migrationUrl, max: 1 });
  try {
    await prepareDatabase(migrator, { demo });
    const [serving, migrating] = [await currentRole(db), await currentRole(migrator)];
    if (serving === migrating) {
      log.warn('db.roles_same', { role: serving, detail: 'MIGRATION_DATABASE_URL and DATABASE_URL use one role: the audit log is append-only by trigger only' });
      return;
    }
    await grantServingRole(migrator, serving);
    const owned = await appendOnlyTablesOwnedBy(migrator, serving);
    if (owned.length > 0)
      log.warn('db.serving_role_owns_tables', { tables: owned.join(','), detail: 'the serving role owns these tables, so privileges cannot bind it: reassign them to the migration role' });
    log.info('db.roles', { migrating, serving });
  } finally {
    await migrator.close();
  }
}
