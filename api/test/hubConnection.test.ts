import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describePostgres } from './support/postgresOnly.js';
import { collect, eventually, gql, operatorToken, personToken, serverFixture, wsClient } from './support/server.js';
import { openPg } from '../src/db/pg.js';
import { appendEvents } from '../src/sql/events.js';

/**
 * The event hub reads on a connection of its own: when every connection of the request pool is busy (a
 * raid: raises waiting for the event writers' lock), events still reach the control room at once instead
 * of waiting in the pool's queue (and failing after its 5 s connection timeout).
 */
describePostgres('event delivery with the request pool exhausted', 'PGlite has a single connection, no pool', (backend) => {
  const f = serverFixture(backend);

  it('an event committed elsewhere reaches a subscriber while all ten request connections are held', async () => {
    const raised = await gql<{ raiseAlert: { id: string } }>(f.server.url, 'mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }',
      { i: { location: { lat: 34.05, lon: -118.25 }, idempotencyKey: randomUUID() } }, await personToken(randomUUID()));
    const alertId = raised.data!.raiseAlert.id;
    const c = wsClient(f.server.url, await operatorToken('losangeles'));
    const before = f.server.hub.listenerCount;
    const s = collect(c, 'subscription { alertEvents { cursor type alert { id } } }');
    await eventually(() => expect(f.server.hub.listenerCount).toBeGreaterThan(before));

    // Hold every connection of the server's pool (openPg's default, 10) in an open transaction.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const held = Array.from({ length: 10 }, () => f.t.db.tx(async (q) => {
      await q.query('select 1');
      await gate;
    }));
    await eventually(() => expect(f.t.db.poolStats!()).toMatchObject({ total: 10, idle: 0 }));

    // Another process commits an event for an existing Los Angeles alert.
    const other = openPg({ connectionString: f.t.url!, max: 1 });
    try {
      const started = Date.now();
      await other.tx((q) => appendEvents(q, [{ alertId, consulateId: 'losangeles', type: 'LOCATION_UPDATED', fromStatus: null, toStatus: null, actorRole: 'SYSTEM', actorId: null, note: 'pool test' }]));
      await eventually(() => expect(s.events.map((e) => e.alertEvents.type)).toContain('LOCATION_UPDATED'), 4_000);
      // Well inside the pool's 5 s connection timeout: the hub did not wait for a request connection.
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(f.t.db.poolStats!()).toMatchObject({ idle: 0 });
    } finally {
      release();
      await Promise.all(held);
      await other.close();
      await c.dispose();
    }
  });
});
