import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { acquire } from './pglitePool.js';
import { openPg } from '../../src/db/pg.js';
import type { BackendKind, Db, Queryable } from '../../src/db/types.js';
import { withDatabase } from './globalSetup.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate?: string;
    pgTemplate?: string;
  }
}

/** The backends this run covers: the embedded one always, real PostGIS when TEST_DATABASE_URL is set. */
export function backends(): BackendKind[] {
  const out: BackendKind[] = [];
  if (inject('pgliteTemplate')) out.push('pglite');
  if (inject('pgTemplate')) out.push('postgres');
  return out;
}

export interface TestDb {
  db: Db;
  /** Connection string of this clone (postgres only), for other processes to share it. */
  url: string | null;
  dispose(): Promise<void>;
}

/**
 * A migrated and seeded database for one test file in the run's template state: on PostgreSQL a clone of the
 * template database, embedded a database an earlier file of this worker gave back, restored (pglitePool.ts).
 */
export async function cloneTestDb(kind: BackendKind): Promise<TestDb> {
  if (kind === 'pglite') {
    const { db, release } = await acquire(inject('pgliteTemplate')!);
    await freshenSeededPositions(db);
    return { db, url: null, dispose: release };
  }
  const template = inject('pgTemplate')!;
  const base = process.env.TEST_DATABASE_URL!;
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const url = withDatabase(base, name);
  const db = openPg({ connectionString: url });
  await freshenSeededPositions(db);
  return {
    db,
    url,
    async dispose() {
      await db.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * The template's advisors reported their positions when the run began; positions go stale after a few
 * minutes and stale advisors are no candidates, so on a slow machine a file started late in a long run
 * would find nobody to offer to. A clone is a database as if seeded just now.
 */
async function freshenSeededPositions(db: Queryable): Promise<void> {
  await db.query('update advisors set location_at = now() where location_at is not null');
}

/** A bare RAISED alert of `personId` in Los Angeles, written directly (no routing, offer or event): its id. */
export async function insertBareAlert(q: Queryable, personId: string): Promise<string> {
  const r = await q.query<{ id: string }>(
    `insert into alerts (person_id, idempotency_key, request_hash, status, kind, location, consulate_id, match_method, match_distance_m)
     values ($1, 'k', 'h', 'RAISED', 'DETENTION', ST_SetSRID(ST_MakePoint(-118.25, 34.05), 4326)::geography, 'losangeles', 'CONTAINED', 0)
     returning id`,
    [personId],
  );
  return r.rows[0]!.id;
}
