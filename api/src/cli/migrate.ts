/** `npm run db:migrate`: applies pending migrations to DATABASE_URL or the embedded database. */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import { migrate } from '../db/migrate.js';

const db = await openDatabase(loadConfig());
try {
  const applied = await migrate(db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.close();
}
