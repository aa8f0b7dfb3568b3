import { afterAll, beforeAll, expect, it } from 'vitest';
import { cloneTestDb, type TestDb } from './support/db.js';
import { describePostgres } from './support/postgresOnly.js';
import { eventually } from './support/server.js';
import { openPg } from '../src/db/pg.js';
import type { Db, Queryable } from '../src/db/types.js';
import { warmUpConnection } from '../src/sql/warmUp.js';
import { EVENTS_CHANNEL } from '../src/sql/events.js';

/** The backend's own process id, which tells connections apart. */
async function backendPid(q: Queryable): Promise<number> {
  return (await q.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
}

/**
 * The request pool is opened and warmed before the first request, and stays so: a raid must not find the
 * pool cold (in the benchmark the first raises of a burst took up
 * to 300 ms while new backends started).
 */
describePostgres('a warm connection pool', 'PGlite has a single connection, no pool', (backend) => {
  let t: TestDb;
  const opened: Db[] = [];
  const open = (max: number) => {
    const db = openPg({ connectionString: t.url!, max });
    opened.push(db);
    return db;
  };
  beforeAll(async () => {
    t = await cloneTestDb(backend);
  });
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
    await t.dispose();
  });

  it('opens every connection at once and warms each exactly once', async () => {
    const db = open(4);
    const warmed: number[] = [];
    await db.warm!(async (q) => void warmed.push(await backendPid(q)));
    expect(db.poolStats!()).toEqual({ total: 4, idle: 4, waiting: 0 });
    expect(new Set(warmed).size).toBe(4);

    // Warm connections are not warmed again when they serve requests.
    await Promise.all(Array.from({ length: 8 }, () => db.tx((q) => q.query('select pg_sleep(0.01)'))));
    expect(warmed).toHaveLength(4);
    expect(db.poolStats!().total).toBe(4);
  });

  it('a connection that replaces one that broke is warmed before it serves a request', async () => {
    const db = open(3);
    const warmed: number[] = [];
    await db.warm!(async (q) => void warmed.push(await backendPid(q)));
    const victim = warmed[0]!;
    const admin = open(1);
    await admin.query('select pg_terminate_backend($1)', [victim]);
    await eventually(() => expect(db.poolStats!().total).toBe(2));

    // Three at once: the two warm connections and a new one, warmed before it answers.
    const pids = await Promise.all(Array.from({ length: 3 }, () => db.tx(async (q) => {
      const pid = await backendPid(q);
      await q.query('select pg_sleep(0.05)');
      return pid;
    })));
    expect(pids).not.toContain(victim);
    expect(warmed).toHaveLength(4);
    const replacement = warmed[3]!;
    expect(pids).toContain(replacement);
    expect(db.poolStats!().total).toBe(3);
  });

  it('a failing warm-up costs nothing but speed: requests are served all the same', async () => {
    const db = open(2);
    await db.warm!(async (q) => {
      await q.query('select * from no_such_table');
    });
    expect(db.poolStats!().total).toBe(2);
    const r = await db.tx((q) => q.query<{ n: number }>('select count(*)::int as n from consulates'));
    expect(r.rows[0]!.n).toBeGreaterThan(50);
  });

  it('the service warm-up runs the raise path, its writes rolled back: nothing stays, nobody is notified, no event number is drawn', async () => {
    const count = async () =>
      (await t.db.query<{ n: string }>(
        `select (select count(*) from alerts) + (select count(*) from alert_events) + (select count(*) from persons)
                + (select count(*) from alert_track) + (select count(*) from alert_offers) as n`,
      )).rows[0]!.n;
    const before = await count();
    const sequence = async () => (await t.db.query<{ last_value: string; is_called: boolean }>(
      `select last_value, is_called from ${(await t.db.query<{ s: string }>(`select pg_get_serial_sequence('alert_events', 'seq') as s`)).rows[0]!.s}`)).rows[0];
    const sequenceBefore = await sequence();
    const notified: string[] = [];
    const stopListening = await t.db.listen(EVENTS_CHANNEL, (payload) => notified.push(payload));
    const db = open(2);
    const calls: string[] = [];
    await db.warm!(async (q) => {
      await warmUpConnection({
        query: (sql, params) => (calls.push(sql.replace(/\s+/g, ' ').trim()), q.query(sql, params)),
        exec: (sql) => q.exec(sql),
      } as Queryable);
    });
    // Each of the two connections: the raise's first read, both routing queries, the candidate query, the
    // hub's read; then, rolled back, the alert with its candidates, the events and the read at commit.
    for (const expected of ['idempotency_key =', 'from alert_view v where v.id = e.alert_id', 'insert into alerts',
      'insert into alert_events', 'alert_view_by_id(']) {
      expect(calls.filter((s) => s.includes(expected)), expected).toHaveLength(2);
    }
    expect(calls.filter((s) => s.includes('ST_Intersects'))).toHaveLength(4); // the raise's first read and routing's
    expect(calls.filter((s) => s === 'begin')).toHaveLength(2);
    expect(calls.filter((s) => s === 'rollback')).toHaveLength(2);
    expect(calls.at(-1)).toBe('rollback');
    await new Promise((r) => setTimeout(r, 300));
    await stopListening();
    expect(notified).toEqual([]);
    expect(await count()).toBe(before);
    // No event number drawn: a gap would make this process read back its next events instead of handing them over.
    expect(await sequence()).toEqual(sequenceBefore);
    // The connections are usable afterwards (not left inside a transaction).
    const r = await db.tx((q) => q.query<{ n: number }>('select count(*)::int as n from alerts'));
    expect(String(r.rows[0]!.n)).toBe(String((await t.db.query<{ n: number }>('select count(*)::int as n from alerts')).rows[0]!.n));
  });
});
