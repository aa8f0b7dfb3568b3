import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite } from '../../src/db/pglite.js';
import { openPg } from '../../src/db/pg.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDatabase } from '../../../seeds/src/load.js';
import { setLogSink } from '../../src/log.js';

/**
 * Pays the slow parts once per run: an embedded PostGIS migrated and seeded, dumped to a file that
 * each test file loads (~3 s instead of ~25 s), and, with TEST_DATABASE_URL, a template database on
 * the real server that each test file clones with CREATE DATABASE ... TEMPLATE.
 */
export default async function setup({ provide }: { provide: (k: string, v: unknown) => void }) {
  setLogSink({ write: () => undefined });
  if (process.env.TEST_COLLECT_ONLY === '1') {
    // `npm run check:tests-declared`: files are only collected (every test filtered out, no hook runs), to
    // see what each declares on the newcomer's run, so nothing is built; the name stands for the template.
    provide('pgliteTemplate', 'collect-only');
    return () => undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'alerta-test-'));
  const needsPglite = process.env.TEST_BACKENDS !== 'postgres';
  if (needsPglite) {
    const db = await openPglite();
    await migrate(db);
    await seedDatabase(db, { demoAdvisors: true }); // tests rely on the demo advisors
    const dump = await db.raw.dumpDataDir('gzip');
    writeFileSync(join(dir, 'template.tar.gz'), Buffer.from(await dump.arrayBuffer()));
    await db.close();
    provide('pgliteTemplate', join(dir, 'template.tar.gz'));
  }
  let templateName: string | null = null;
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    templateName = `alerta_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${templateName}`);
    await admin.query(`create database ${templateName}`);
    await admin.end();
    const db = openPg({ connectionString: withDatabase(url, templateName) });
    await migrate(db);
    await seedDatabase(db, { demoAdvisors: true }); // tests rely on the demo advisors
    await db.close();
    provide('pgTemplate', templateName);
  }
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url && templateName) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      // Clones made by test files are dropped here too, even if a file crashed.
      const clones = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${templateName}%`]);
      for (const { datname } of clones.rows) await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.end();
    }
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}
