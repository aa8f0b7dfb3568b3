import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, insertBareAlert, type TestDb } from './support/db.js';
import { eventually, gql, personToken, serverFixture } from './support/server.js';
import { EventHub } from '../src/realtime/hub.js';
import type { Db, Queryable } from '../src/db/types.js';
import { alertById } from '../src/sql/alerts.js';
import { allEventsAfter, appendEvents, committedEventRow, type NewEvent } from '../src/sql/events.js';
import type { EventRow } from '../src/sql/rows.js';

/**
 * The events a process has just committed reach its own control rooms without a database read
 * (`EventHub.deliverCommitted`), but only when nothing can come before them; otherwise the read delivers
 * them in order. Either way each event is delivered once, in sequence order.
 */
describe.each(backends())('events delivered by the process that committed them (%s)', (backend) => {
  describe('the hub', () => {
    let t: TestDb;
    let alertId: string;
    let reads = 0;
    let hub: EventHub;
    /** Plays the database's notification of a commit (the hub listens to nothing real here). */
    let notify: (payload: string) => void = () => undefined;
    const seen: number[] = [];

    beforeAll(async () => {
      t = await cloneTestDb(backend);
      alertId = await insertBareAlert(t.db, 'p-hub');
      // Reads counted; notifications not listened to, so only the test wakes the hub.
      const counted: Queryable = {
        query: (sql, params, opts) => {
          if (sql.includes('from alert_events e')) reads++;
          return t.db.query(sql, params, opts);
        },
        exec: (sql) => t.db.exec(sql),
      };
      const db: Db = {
        ...t.db, ...counted, separate: undefined,
        listen: async (_channel, onNotify) => ((notify = onNotify), async () => undefined),
      };
      hub = new EventHub(db, { pollMs: 3_600_000 });
      await hub.start();
      hub.subscribe((e) => seen.push(e.seq));
    });
    afterAll(async () => {
      await hub.stop();
      await t.dispose();
    });

    const event = (note: string): NewEvent => ({ alertId, consulateId: 'losangeles', type: 'LOCATION_UPDATED', fromStatus: null, toStatus: null, actorRole: 'SYSTEM', actorId: null, note });
    /** Commits two events and returns them as their writer knows them. */
    async function commit(note: string): Promise<EventRow[]> {
      const events = [event(`${note} 1`), event(`${note} 2`)];
      const appended = await t.db.tx((q) => appendEvents(q, events));
      const alert = (await alertById(t.db, alertId))!;
      return events.map((e, i) => committedEventRow({ ...e, ...appended[i]! }, alert));
    }

    it('delivers the next events at once, without reading them, exactly as the read would return them', async () => {
      const rows = await commit('direct');
      hub.deliverCommitted(rows);
      expect(seen).toEqual(rows.map((r) => r.seq));
      expect(reads).toBe(0);
      expect(hub.deliveredSeq).toBe(rows[1]!.seq);
      expect(await allEventsAfter(t.db, rows[0]!.seq - 1)).toEqual(rows);
    });

    it('leaves events after a gap to the read, which delivers everything in order, once', async () => {
      seen.length = 0;
      const elsewhere = await commit('committed by another process');
      const mine = await commit('mine');
      hub.deliverCommitted(mine);
      expect(seen).toEqual([]);
      await hub.wake();
      expect(seen).toEqual([...elsewhere, ...mine].map((r) => r.seq));
      expect(reads).toBeGreaterThan(0);
    });

    it('holds events after a gap until the events before them are handed over, then delivers both in order, without a read', async () => {
      seen.length = 0;
      const before = reads;
      const first = await commit('answered second');
      const second = await commit('answered first');
      // Their notifications come as the network brings them: the check looks at the end of the turn.
      notify(String(first[1]!.seq));
      notify(String(second[1]!.seq));
      hub.deliverCommitted(second);
      expect(seen).toEqual([]);
      hub.deliverCommitted(first);
      expect(seen).toEqual([...first, ...second].map((r) => r.seq));
      await new Promise((r) => setTimeout(r, 20));
      expect(reads).toBe(before);
      // Handed over again (a retry's duplicate): nothing delivered twice.
      hub.deliverCommitted(second);
      expect(seen).toEqual([...first, ...second].map((r) => r.seq));
    });

    it("reads nothing when a commit's notification comes just before its writer hands the events over", async () => {
      seen.length = 0;
      const before = reads;
      const rows = await commit('notified first');
      // As the network delivers them in one turn: the listener's connection first, then the writer's.
      notify(String(rows[1]!.seq));
      hub.deliverCommitted(rows);
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual(rows.map((r) => r.seq));
      expect(reads).toBe(before);
    });

    it('reads at once when the notification is of a commit nobody here hands over', async () => {
      seen.length = 0;
      const before = reads;
      const rows = await commit('another process');
      notify(String(rows[1]!.seq));
      await eventually(() => expect(seen).toEqual(rows.map((r) => r.seq)));
      expect(reads).toBe(before + 1);
    });

    it('never delivers twice when a read is in flight as the writer hands its events over', async () => {
      seen.length = 0;
      const rows = await commit('race');
      const reading = hub.wake();
      hub.deliverCommitted(rows);
      await reading;
      await hub.wake();
      expect(seen).toEqual(rows.map((r) => r.seq));
    });
  });

  describe('a raise', () => {
    const f = serverFixture(backend);

    it("reaches this process's listeners with the alert as committed, equal to what a read returns", async () => {
      const got: EventRow[] = [];
      const unsubscribe = f.server.hub.subscribe((e) => got.push(e));
      try {
        const r = await gql<{ raiseAlert: { id: string } }>(f.server.url, 'mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }',
          { i: { location: { lat: 34.05, lon: -118.25 }, idempotencyKey: randomUUID() } }, await personToken(randomUUID()));
        const id = r.data!.raiseAlert.id;
        // Handed over before the answer was sent: no waiting for a notification.
        const mine = got.filter((e) => e.alert_id === id);
        expect(mine.map((e) => e.type)).toEqual(['RAISED', 'OFFERED']);
        const read = (await allEventsAfter(f.t.db, mine[0]!.seq - 1)).filter((e) => e.alert_id === id);
        expect(mine).toEqual(read);
        // The notification that follows finds nothing new: nothing is delivered twice (a window for a wrong
        // second delivery to arrive in; the notification is on another connection, so no later event fences it).
        await new Promise((r) => setTimeout(r, 200));
        expect(got.filter((e) => e.alert_id === id)).toHaveLength(2);
      } finally {
        unsubscribe();
      }
    });
  });
});
