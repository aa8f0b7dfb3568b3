/** `npm run db:migrate`: applies pending migrations to MIGRATION_DATABASE_URL, DATABASE_URL or the embedded database. */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import { migrate } from '../db/migrate.js';

const config = loadConfig();
// The role that migrates (MIGRATION_DATABASE_URL) when it is not the one that serves; the server grants at start.
const db = await openDatabase({ ...config, databaseUrl: config.ops.migrationDatabaseUrl ?? config.databaseUrl });
try {
  const applied = await migrate(db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.close();
}
