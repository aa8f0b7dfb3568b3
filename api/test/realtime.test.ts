import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import { describePostgres } from './support/postgresOnly.js';
import { collect, eventually, gql, operatorToken, personToken, serverFixture, supervisorToken, wsClient } from './support/server.js';
import { startProcess } from './support/process.js';
import { openPg } from '../src/db/pg.js';
import { appendEvents, eventsAfter } from '../src/sql/events.js';
import type { Db } from '../src/db/types.js';

const RAISE = `mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }`;
const EVENTS = `subscription($after: String) { alertEvents(after: $after) { cursor type alert { id } } }`;
const LA = { lat: 34.05, lon: -118.25 };
const raise = (url: string, tok: string) => gql(url, RAISE, { i: { location: LA, idempotencyKey: randomUUID() } }, tok);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every LA event after `after`, as the database has them: the reference a stream must match. */
async function eventsInDb(db: Db, after: number): Promise<string[]> {
  return (await eventsAfter(db, after, { consulateId: 'losangeles' }, 100_000)).map((e) => String(e.seq));
}

describe.each(backends())('live streams on %s', (backend) => {
  const f = serverFixture(backend);

  it('executes an event once for any number of identical subscribers (shared execution)', async () => {
    const op = await operatorToken('losangeles');
    // Earlier tests' subscriptions are gone (nothing leaks), so counts below are exact.
    await eventually(() => expect(f.server.hub.listenerCount).toBe(0));
    const listening = f.server.hub.listenerCount;
    const clients = Array.from({ length: 3 }, () => wsClient(f.server.url, op));
    const subs = clients.flatMap((c) => Array.from({ length: 10 }, () => collect(c, EVENTS)));
    await eventually(() => expect(f.server.hub.listenerCount).toBe(listening + 30));
    const before = { ...f.server.fanout };
    await raise(f.server.url, await personToken(randomUUID()));
    await eventually(() => expect(subs.every((s) => s.events.length === 2)).toBe(true));
    // Two events (RAISED, OFFERED), thirty subscribers: two executions, sixty deliveries.
    expect(f.server.fanout.executions - before.executions).toBe(2);
    expect(f.server.fanout.deliveries - before.deliveries).toBe(60);
    expect(new Set(subs.map((s) => JSON.stringify(s.events))).size).toBe(1);
    await Promise.all(clients.map((c) => c.dispose()));
  });

  it('filters by bbox, and refuses an invalid one', async () => {
    const op = await operatorToken('losangeles');
    const c = wsClient(f.server.url, op);
    const Q = `subscription($b: BBoxInput) { alertEvents(bbox: $b) { alert { id } } }`;
    // Earlier tests' subscriptions are gone (nothing leaks), so counts below are exact.
    await eventually(() => expect(f.server.hub.listenerCount).toBe(0));
    const listening = f.server.hub.listenerCount;
    const inside = collect(c, Q, { b: { west: -118.5, south: 33.9, east: -118.0, north: 34.2 } });
    const outside = collect(c, Q, { b: { west: -117.5, south: 33.0, east: -117.0, north: 33.5 } });
    await eventually(() => expect(f.server.hub.listenerCount).toBe(listening + 2));
    const id = (await raise(f.server.url, await personToken(randomUUID()))).data!.raiseAlert.id;
    await eventually(() => expect(inside.events.map((e) => e.alertEvents.alert.id)).toContain(id));
    await sleep(200);
    expect(outside.events).toEqual([]);
    const bad = collect(c, Q, { b: { west: -118, south: 40, east: -117, north: 30 } });
    await eventually(() => expect(JSON.stringify(bad.errors)).toContain('BAD_USER_INPUT'));
    await c.dispose();
  });

  it('a client away for 5 s resumes with its cursor: all 20 missed alerts exactly once, in order, then live', async () => {
    const op = await operatorToken('losangeles');
    const person = await personToken(randomUUID());
    // Earlier tests' subscriptions are gone (nothing leaks), so the count below is exact.
    await eventually(() => expect(f.server.hub.listenerCount).toBe(0));
    const c1 = wsClient(f.server.url, op);
    const first = collect(c1, EVENTS);
    await eventually(() => expect(f.server.hub.listenerCount).toBe(1));
    await raise(f.server.url, person);
    await eventually(() => expect(first.events.length).toBe(2));
    const cursor = first.events.at(-1)!.alertEvents.cursor as string;
    await c1.dispose();

    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push((await raise(f.server.url, person)).data!.raiseAlert.id);
      await sleep(250); // 20 alerts over the 5 s the client is away
    }
    const c2 = wsClient(f.server.url, op);
    const resumed = collect(c2, EVENTS, { after: cursor });
    const live = (await raise(f.server.url, person)).data!.raiseAlert.id;
    await eventually(() => expect(resumed.events.some((e) => e.alertEvents.alert.id === live)).toBe(true));
    await sleep(300);
    const got = resumed.events.map((e) => e.alertEvents.cursor as string);
    expect(got).toEqual(await eventsInDb(f.t.db, Number(cursor)));
    expect(new Set(got).size).toBe(got.length);
    const alertIds = [...new Set(resumed.events.map((e) => e.alertEvents.alert.id))];
    expect(alertIds).toEqual([...ids, live]);
    await c2.dispose();
  });

  it('switches from replay to live under continuous writes with no gap and no duplicate', async () => {
    const sup = await supervisorToken();
    const person = await personToken(randomUUID());
    const start = (await gql(f.server.url, '{ eventsCursor }', {}, sup)).data!.eventsCursor as string;
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await raise(f.server.url, person);
        written++;
        await sleep(15);
      }
    })();
    await eventually(() => expect(written).toBeGreaterThanOrEqual(5)); // a backlog to replay while writes continue
    const c = wsClient(f.server.url, sup);
    const s = collect(c, `subscription($after: String) { alertEvents(consulateId: "losangeles", after: $after) { cursor } }`, { after: start });
    // Counted, not timed: on a loaded machine the switch still happens under at least ten more writes.
    await eventually(() => expect(written).toBeGreaterThanOrEqual(15), 30_000);
    writing = false;
    await writer;
    const expected = await eventsInDb(f.t.db, Number(start));
    await eventually(() => expect(s.events.length).toBe(expected.length));
    expect(s.events.map((e) => e.alertEvents.cursor)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(20);
    await c.dispose();
  });
});

describePostgres('several writers and processes', 'PGlite lives inside one process', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await cloneTestDb('postgres');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('a reader polling `seq > cursor` never skips an event whose transaction commits late', async () => {
    const writers = openPg({ connectionString: t.url!, max: 20 });
    const reader = openPg({ connectionString: t.url!, max: 1 });
    try {
      const alert = (await t.db.query<{ id: string }>(
        `insert into alerts (person_id, idempotency_key, request_hash, status, kind, location, consulate_id, match_method, match_distance_m)
         values ('p', 'k', 'h', 'RAISED', 'OTHER', 'SRID=4326;POINT(-118 34)', 'losangeles', 'CONTAINED', 0) returning id`,
      )).rows[0]!.id;
      let cursor = (await t.db.query<{ s: number }>('select coalesce(max(seq), 0)::int as s from alert_events')).rows[0]!.s;
      const seen: number[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          for (const e of await eventsAfter(reader, cursor, { consulateId: null })) {
            seen.push(e.seq);
            cursor = e.seq;
          }
          await sleep(2);
        }
      })();
      // 20 transactions append an event each, then wait a random time before committing: sequence
      // numbers are taken in one order and commits happen in another unless writers are serialised.
      const written = await Promise.all(
        Array.from({ length: 20 }, () =>
          writers.tx(async (q) => {
            await sleep(Math.random() * 20);
            const [appended] = await appendEvents(q, [{ alertId: alert, consulateId: 'losangeles', type: 'LOCATION_UPDATED', fromStatus: null, toStatus: null, actorRole: 'SYSTEM', actorId: null }]);
            await sleep(Math.random() * 60);
            return appended!.seq;
          }),
        ),
      );
      await eventually(() => expect(seen.length).toBe(20));
      polling = false;
      await poller;
      expect([...seen].sort((a, b) => a - b)).toEqual([...written].sort((a, b) => a - b));
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    } finally {
      await writers.close();
      await reader.close();
    }
  });

  it('two server processes: an event raised through A reaches B; B killed mid-stream, the client resumes on A with its cursor', async () => {
    const a = startProcess({ DATABASE_URL: t.url! });
    const b = startProcess({ DATABASE_URL: t.url! });
    const [urlA, urlB] = await Promise.all([a.url, b.url]);
    try {
      const op = await operatorToken('losangeles');
      const person = await personToken(randomUUID());
      const onB = wsClient(urlB, op);
      const sB = collect(onB, EVENTS);
      await eventually(async () => {
        await raise(urlA, person);
        expect(sB.events.length).toBeGreaterThan(0);
      }, 15_000);
      const cursor = sB.events.at(-1)!.alertEvents.cursor as string;
      b.child.kill('SIGKILL');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await raise(urlA, person)).data!.raiseAlert.id);
      const onA = wsClient(urlA, op);
      const resumed = collect(onA, EVENTS, { after: cursor });
      await eventually(() => expect(resumed.events.map((e) => e.alertEvents.alert.id)).toEqual(expect.arrayContaining(ids)));
      // Exactly what committed after the cursor (an alert from the warm-up loop may land there too).
      await eventually(async () => expect(resumed.events.map((e) => e.alertEvents.cursor)).toEqual(await eventsInDb(t.db, Number(cursor))));
      await onA.dispose();
      await Promise.resolve(onB.dispose()).catch(() => undefined);
    } finally {
      a.child.kill('SIGKILL');
      b.child.kill('SIGKILL');
    }
  });

  it('after every database connection is cut (as in a restart), the listener reconnects and delivers what committed meanwhile', async () => {
    const p = startProcess({ DATABASE_URL: t.url! });
    const url = await p.url;
    try {
      const op = await operatorToken('losangeles');
      const person = await personToken(randomUUID());
      const c = wsClient(url, op);
      const s = collect(c, EVENTS);
      await eventually(async () => {
        await raise(url, person);
        expect(s.events.length).toBeGreaterThan(0);
      }, 15_000);
      const before = s.events.length;
      const cursor = Number(s.events.at(-1)!.alertEvents.cursor);
      // Cut the server's pool and its LISTEN connection; commit events directly while it reconnects.
      await t.db.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
      const direct = await personToken(randomUUID());
      let ok = 0;
      for (let i = 0; i < 10 && ok < 3; i++) {
        const r = await raise(url, direct);
        // Each attempt either succeeds or fails fast with a retryable code; never something else.
        if (r.errors) expect(['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']).toContain(r.errors[0]!.extensions?.code);
        else ok++;
      }
      expect(ok).toBe(3);
      await eventually(async () => {
        const expected = await eventsInDb(t.db, cursor);
        expect(s.events.slice(before).map((e) => e.alertEvents.cursor)).toEqual(expected);
      }, 15_000);
      await c.dispose();
    } finally {
      p.child.kill('SIGKILL');
    }
  });
});
