import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, insertBareAlert, type TestDb } from './support/db.js';
import { deleteMyData } from '../src/services/erasure.js';
import { purgeClosedAlerts } from '../src/sql/privacy.js';

/**
 * `deleteMyData` while another transaction holds one of the person's closed alerts (a dispatch decision, the
 * offer sweeper): the erasure waits for it and purges it, where it used to pass over it and answer true with
 * that alert's point, note and track still linked to the person. Two connections: PostgreSQL only.
 */
const onPostgres = backends().includes('postgres');

describe.skipIf(!onPostgres)('erasure and a locked alert (needs TEST_DATABASE_URL: PostgreSQL)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await cloneTestDb('postgres');
  });
  afterAll(() => t?.dispose());

  const closedAlertOf = async (personId: string) => {
    const id = await insertBareAlert(t.db, personId);
    await t.db.query(`update alerts set status = 'CANCELLED', closed_at = now(), note = 'nota' where id = $1`, [id]);
    return id;
  };
  const purged = async (id: string) =>
    (await t.db.query<{ purged: boolean; person_id: string; note: string | null }>('select purged_at is not null as purged, person_id, note from alerts where id = $1', [id])).rows[0]!;

  it('waits for the lock and purges the alert; the retention sweep still passes over a locked row', async () => {
    const person = `person-${randomUUID()}`;
    await t.db.query(`insert into persons (id, display_name) values ($1, 'Rosa')`, [person]);
    const held = await closedAlertOf(person);
    const holder = new pg.Client({ connectionString: t.url! });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from alerts where id = $1 for update', [held]);

      // The sweep (retention at 0 days) does not wait: it leaves the held row for its next pass.
      expect(await t.db.tx((q) => purgeClosedAlerts(q, { olderThanDays: 0, personId: undefined }))).toBeGreaterThanOrEqual(0);
      expect((await purged(held)).purged).toBe(false);

      let answered = false;
      const erasing = deleteMyData(t.db, person).then(() => (answered = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(answered).toBe(false); // waiting for the row, not answering without it
      await holder.query('commit');
      await erasing;
      expect(await purged(held)).toEqual({ purged: true, person_id: `purged:${held}`, note: null });
    } finally {
      await holder.end();
    }
  });
});
