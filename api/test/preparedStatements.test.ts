import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, insertBareAlert, type TestDb } from './support/db.js';
import { openPg } from '../src/db/pg.js';
import type { Db } from '../src/db/types.js';
import { allEventsAfter, appendEvents, eventsAfter } from '../src/sql/events.js';
import { raiseContext } from '../src/sql/alerts.js';
import { warmUpConnection } from '../src/sql/warmUp.js';

interface Prepared {
  name: string;
  generic_plans: number;
  custom_plans: number;
}

/**
 * The statements run for every raise and every commit are prepared once per connection (parsing, rewriting
 * the view and planning were half of the database's time per raise), and the event hub's read, run for
 * every commit, is served from a cached plan instead of being planned each time.
 */
describe.each(backends().filter((b) => b === 'postgres'))('prepared statements on the hot path (%s)', (backend) => {
  let t: TestDb;
  let db: Db;
  // One connection, so that pg_prepared_statements (per session) shows what the statements left behind.
  const prepared = async () => (await db.query<Prepared>('select name, generic_plans, custom_plans from pg_prepared_statements')).rows;

  beforeAll(async () => {
    t = await cloneTestDb(backend);
    db = openPg({ connectionString: t.url!, max: 1 });
  });
  afterAll(async () => {
    await db.close();
    await t.dispose();
  });

  it('the warm-up prepares the raise and delivery statements once, by name', async () => {
    await db.warm!(warmUpConnection);
    expect((await prepared()).map((p) => p.name).sort()).toEqual(['all_events_after', 'find_candidates', 'raise_context']);
    await raiseContext(db, 'nobody', 'key', { lon: -118.25, lat: 34.05, accuracyM: null });
    expect((await prepared()).filter((p) => p.name === 'raise_context')).toHaveLength(1);
  });

  it("the hub's read is planned once and then runs on its cached plan; it returns what the scoped read returns", async () => {
    const alertId = await insertBareAlert(db, 'p-prepared');
    await db.tx((q) => appendEvents(q, Array.from({ length: 3 }, () => ({
      alertId, consulateId: 'losangeles', type: 'NOTE_ADDED', fromStatus: null, toStatus: null, actorRole: 'SYSTEM', actorId: null, note: 'prepared',
    }))));
    for (let i = 0; i < 8; i++) await allEventsAfter(db, 0);
    const hub = (await prepared()).find((p) => p.name === 'all_events_after')!;
    expect(hub.generic_plans).toBeGreaterThan(0);

    const all = await allEventsAfter(db, 0);
    const scoped = await eventsAfter(db, 0, { consulateId: null });
    expect(all.map((e) => e.seq)).toEqual(scoped.map((e) => e.seq));
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.at(-1)!.alert.id).toBe(alertId);
  });
});
