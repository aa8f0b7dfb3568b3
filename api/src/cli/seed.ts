/**
 * `npm run db:seed`: validates seeds/data and (re)loads offices, county membership and districts.
 * Idempotent. After correcting a row of seeds/data/county-membership.csv, run this to rebuild the
 * district polygons used for routing and maps (see docs/DISTRICTS.md).
 */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import { migrate } from '../db/migrate.js';
import { SeedValidationError, seedDatabase } from '../../../seeds/src/load.js';

const db = await openDatabase(loadConfig());
try {
  await migrate(db);
  const r = await seedDatabase(db, { progress: (s) => console.log(`seed: ${s}`) });
  console.log(`seeded ${r.offices} offices, ${r.counties} counties, ${r.advisors} demo advisors`);
} catch (err) {
  if (err instanceof SeedValidationError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
} finally {
  await db.close();
}
