/**
 * `npm run db:seed`: validates seeds/data and (re)loads offices, county membership and districts.
 * Idempotent. After correcting a row of seeds/data/county-membership.csv, run this to rebuild the
 * district polygons used for routing and maps (see docs/DISTRICTS.md).
 * The fictional demo advisors only with `--demo` (or SEED_DEMO=1, or on the embedded development default);
 * `--remove-demo` takes them out of a database that should not hold them (api/src/db/demoData.ts).
 * Runs as MIGRATION_DATABASE_URL's role when set (the serving role may not write reference data).
 */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import { migrate } from '../db/migrate.js';
import { removeDemoData } from '../db/demoData.js';
import { SeedValidationError, seedDatabase } from '../../../seeds/src/load.js';

const config = loadConfig();
const db = await openDatabase({ ...config, databaseUrl: config.ops.migrationDatabaseUrl ?? config.databaseUrl });
try {
  await migrate(db);
  if (process.argv.includes('--remove-demo')) {
    const r = await removeDemoData(db);
    console.log(`demo advisors: ${r.deleted} deleted, ${r.retired} deactivated (alerts refer to them)`);
  } else {
    const demo = config.ops.seedDemo || process.argv.includes('--demo');
    const r = await seedDatabase(db, { demoAdvisors: demo, progress: (s) => console.log(`seed: ${s}`) });
    console.log(`seeded ${r.offices} offices, ${r.counties} counties, ${r.advisors} demo advisors`);
  }
} catch (err) {
  if (err instanceof SeedValidationError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
} finally {
  await db.close();
}
