import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import { testConfig } from './support/server.js';
import type { Db, MessageStatement, PreparedText, TxQueryable } from '../src/db/types.js';
import { parseRaiseInput } from '../src/domain/raiseInput.js';
import { raiseAlert } from '../src/services/raiseAlert.js';
import { raiseContextAndInsert, type NewAlert } from '../src/sql/alerts.js';
import { sqlConstant, type SqlLiteral } from '../src/sql/literal.js';
import { openPg } from '../src/db/pg.js';
import { findCandidates } from '../src/sql/candidates.js';

const LOS_ANGELES = { lon: -118.25, lat: 34.05 };
/** At sea 10 km off Malibu: in no district, within 25 km of Los Angeles's. */
const OFF_THE_COAST = { lon: -118.7, lat: 33.93 };
const reach = { maxLocationAgeSeconds: 600, neighbourRadiusM: 30_000 };

type Execution = { execute: PreparedText; args: readonly SqlLiteral[] };

/** The one message `raiseContextAndInsert` sends first (the prepared read, then the prepared insert), caught unsent. */
async function firstMessage(alert: Omit<NewAlert, 'match' | 'personLanguage'>): Promise<{ context: Execution; insert: Execution }> {
  let sent: readonly MessageStatement[] = [];
  const catcher: TxQueryable = {
    query: () => Promise.reject(new Error('only the first message is caught')),
    exec: () => Promise.reject(new Error('only the first message is caught')),
    queryAll: async (statements) => ((sent = statements), statements.map(() => ({ rows: [], rowCount: 0 }))),
    queryAndCommit: () => Promise.reject(new Error('only the first message is caught')),
  };
  await raiseContextAndInsert(catcher, alert, new Date(), reach);
  const [context, insert] = sent;
  if (typeof context !== 'object' || typeof insert !== 'object') throw new Error('the first message is two executes: the read, then the insert');
  return { context, insert };
}

/**
 * A raise at a point inside a district is two messages to the database: BEGIN, the first read (key, person,
 * containing district) and the insert of the alert with its candidates; then the offer, the events and the
 * COMMIT. The insert takes the district from the read through a transaction-local setting, so it plans
 * with the consulate as a value. Everything a raise did before still holds: idempotent keys, routing
 * outside every district, the same candidates, quotes that stay quotes.
 */
describe.each(backends())('a raise in two messages (%s)', (backend) => {
  let t: TestDb;
  /** What each raise's transaction sent, by method: query, queryAll (with its statement count), queryAndCommit. */
  let calls: string[] = [];
  let deps: { db: Db; dispatch: ReturnType<typeof testConfig>['dispatch'] };

  /** Advisors with fresh positions around a point (the seeded ones go stale 10 minutes after seeding). */
  const advisorsAround = (consulateId: string, at: { lon: number; lat: number }, n: number) => t.db.query(
    `insert into advisors (consulate_id, name, kind, availability, capacity, location, location_at)
     select $1, 'Raise test', 'PALE_LAWYER', 'AVAILABLE', 1,
            ST_SetSRID(ST_MakePoint($2::float8 + (random() - 0.5) * 0.8, $3::float8 + (random() - 0.5) * 0.6), 4326)::geography, now()
     from generate_series(1, $4::int)`, [consulateId, at.lon, at.lat, n]);

  beforeAll(async () => {
    t = await cloneTestDb(backend);
    // Enough for the candidate query's plan to matter (the last test), statistics taken.
    await advisorsAround('losangeles', LOS_ANGELES, 20_000);
    await advisorsAround('sanbernardino', { lon: -117.3, lat: 34.1 }, 2_000);
    await t.db.query('analyze advisors');
    const counted: Db = {
      ...t.db,
      tx: (fn) => t.db.tx((q) => fn({
        query: (sql, params, opts) => (calls.push('query'), q.query(sql, params, opts)),
        exec: (sql) => q.exec(sql),
        queryAll: q.queryAll && ((s) => (calls.push(`queryAll(${s.length})`), q.queryAll!(s))),
        queryAndCommit: q.queryAndCommit && ((s) => (calls.push('queryAndCommit'), q.queryAndCommit!(s))),
      } satisfies TxQueryable)),
    };
    deps = { db: counted, dispatch: testConfig().dispatch };
  });
  afterAll(() => t.dispose());

  const raise = (person: string, key: string, at: { lon: number; lat: number }, note: string | null = null) => {
    calls = [];
    return raiseAlert(deps, { role: 'PERSON', sub: person, exp: Math.floor(Date.now() / 1000) + 600 }, parseRaiseInput({ location: { ...at, accuracyM: 20 }, idempotencyKey: key, note }));
  };
  /** `fn` in a transaction that is rolled back: nothing it writes stays. */
  async function rolledBack<T>(fn: (q: TxQueryable) => Promise<T>): Promise<T> {
    const undo = new Error('roll back');
    let out: T | undefined;
    await t.db.tx(async (q) => {
      out = await fn(q);
      throw undo;
    }).catch((e: unknown) => {
      if (e !== undo) throw e;
    });
    return out as T;
  }
  const stored = async (person: string) => (await t.db.query<{ id: string; consulate_id: string; match_method: string; note: string | null; status: string }>(
    'select id, consulate_id, match_method, note, status from alerts where person_id = $1', [person])).rows;

  it('raises an alert inside a district in two messages, routed CONTAINED and offered', async () => {
    const person = `p-two-${randomUUID()}`;
    const out = await raise(person, 'k1', LOS_ANGELES);
    expect(out.row).toMatchObject({ consulate_id: 'losangeles', status: 'OFFERED' });
    expect(out.events.map((e) => e.type)).toEqual(['RAISED', 'OFFERED']);
    expect(await stored(person)).toEqual([expect.objectContaining({ id: out.id, consulate_id: 'losangeles', match_method: 'CONTAINED' })]);
    if (backend === 'postgres') expect(calls).toEqual(['queryAll(2)', 'queryAndCommit']);
  });

  it('answers a retry with the same key with the same alert and writes nothing', async () => {
    const person = `p-retry-${randomUUID()}`;
    const first = await raise(person, 'k1', LOS_ANGELES);
    const again = await raise(person, 'k1', LOS_ANGELES);
    expect(again.id).toBe(first.id);
    expect(again.events).toEqual([]);
    expect(await stored(person)).toHaveLength(1);
    await expect(raise(person, 'k1', { lon: -118.3, lat: 34.1 })).rejects.toThrow(/already used/);
    expect(await stored(person)).toHaveLength(1);
  });

  it('routes a point outside every district to the nearest district, with nothing left by the contained insert', async () => {
    const person = `p-sea-${randomUUID()}`;
    const out = await raise(person, 'k1', OFF_THE_COAST);
    expect(await stored(person)).toEqual([expect.objectContaining({ id: out.id, consulate_id: 'losangeles', match_method: 'NEAREST' })]);
    // The nearest district and the insert are one round trip each.
    if (backend === 'postgres') expect(calls).toEqual(['queryAll(2)', 'query', 'query', 'queryAndCommit']);
  });

  it('keeps the district setting inside the transaction', async () => {
    await raise(`p-guc-${randomUUID()}`, 'k1', LOS_ANGELES);
    // Every connection of the pool in turn: none is left with a raise's district.
    const seen = await Promise.all(Array.from({ length: 12 }, () =>
      t.db.tx(async (q) => (await q.query<{ v: string | null }>(`select nullif(current_setting('alerta.raise_consulate', true), '') as v`)).rows[0]!.v)));
    expect(seen.every((v) => v === null)).toBe(true);
  });

  it('stores quotes, backslashes and SQL in a key, a person id or a note as given, for that person only', async () => {
    const person = `p-'quoted' \\ ${randomUUID()}`;
    const key = `k' or true or person_id = 'x' --\\`;
    const note = `it's a \\ test'); drop table alerts; --`;
    const out = await raise(person, key, LOS_ANGELES, note);
    expect(await stored(person)).toEqual([expect.objectContaining({ id: out.id, note })]);
    expect((await raise(person, key, LOS_ANGELES, note)).id).toBe(out.id);
    expect((await t.db.query('select id from alerts where note = $1', [note])).rows).toEqual([{ id: out.id }]);
  });

  it('refuses a point that is not a finite number before sending anything', async () => {
    const request = { personId: 'p-nan', idempotencyKey: 'k', requestHash: 'h', kind: 'IMMINENT_DETENTION', note: null };
    await expect(t.db.tx((q) => raiseContextAndInsert(q, { ...request, point: { lon: Number.NaN, lat: 34, accuracyM: null } }, new Date(), reach)))
      .rejects.toThrow(/finite/);
    await expect(t.db.tx((q) => raiseContextAndInsert(q, { ...request, point: { ...LOS_ANGELES, accuracyM: Number.POSITIVE_INFINITY } }, new Date(), reach)))
      .rejects.toThrow(/finite/);
    expect(await stored('p-nan')).toEqual([]);
  });

  it('offers the same candidates, in the same order, as the candidate query with the consulate as a value', async () => {
    const request = { personId: `p-cand-${randomUUID()}`, idempotencyKey: 'k', requestHash: 'h', kind: 'IMMINENT_DETENTION', note: null };
    for (const at of [LOS_ANGELES, { lon: -117.95, lat: 33.9 }, { lon: -117.3, lat: 34.1 }]) {
      const [first, alone] = await rolledBack(async (q) => {
        const f = await raiseContextAndInsert(q, { ...request, idempotencyKey: `k-${at.lon}`, point: { ...at, accuracyM: null } }, new Date(), reach);
        return [f, await findCandidates(q, { alertId: f.inserted!.id, consulateId: f.containedIn!, ...at, ...reach })] as const;
      });
      expect(first.inserted!.candidates.length).toBeGreaterThan(0);
      expect(first.inserted!.candidates).toEqual(alone);
    }
  });

  it.skipIf(backend !== 'postgres')('plans the candidate query of the insert as an index-ordered KNN, not a scan of the consulate (real PostgreSQL only: its planner is the one production uses)', async () => {
    const alert = { personId: 'p-plan', idempotencyKey: 'k', requestHash: 'h', kind: 'IMMINENT_DETENTION', note: null, point: { ...LOS_ANGELES, accuracyM: null } };
    const { context, insert } = await firstMessage(alert);
    const plan = await rolledBack(async (q) => {
      await q.query(`prepare context_test as ${context.execute.text}`);
      await q.query(`execute context_test(${context.args.join(', ')})`);
      await q.query('deallocate context_test');
      await q.query(`prepare plan_test as ${insert.execute.text}`);
      const p = (await q.query<{ 'QUERY PLAN': string }>(`explain execute plan_test(${insert.args.join(', ')})`)).rows;
      await q.query('deallocate plan_test'); // a PREPARE outlives the rollback
      return p.map((r) => r['QUERY PLAN']).join('\n');
    });
    const scans = plan.split('\n').filter((l) => /Scan.* on advisors/.test(l));
    expect(scans.length).toBe(2); // the nearest of any consulate, and the home consulate's (run only when needed)
    for (const s of scans) expect(s).toMatch(/Index Scan using advisors_dispatchable_gist/);
  });

  it.skipIf(backend !== 'postgres')('prepares the insert once per connection, knows it is there after a message that failed, and again after it vanished (real PostgreSQL only: it opens a connection of its own)', async () => {
    const one = openPg({ connectionString: t.url!, max: 1 });
    try {
      const alert = (key: string) =>
        ({ personId: `p-prep-${randomUUID()}`, idempotencyKey: key, requestHash: 'h', kind: 'IMMINENT_DETENTION', note: null, point: { ...LOS_ANGELES, accuracyM: null } });
      // The first message prepares it and then fails (an argument divides by zero): the PREPARE stays.
      const { insert } = await firstMessage(alert('k1'));
      const RAISE_INSERT = insert.execute;
      const failing = [...insert.args.slice(0, -1), sqlConstant`1/0`];
      await expect(one.tx((q) => q.queryAll!([{ execute: RAISE_INSERT, args: failing }]))).rejects.toThrow(/division by zero/);
      const names = async () => (await one.query<{ name: string }>('select name from pg_prepared_statements')).rows.map((r) => r.name);
      expect(await names()).toContain(RAISE_INSERT.name);
      for (const key of ['k2', 'k3']) {
        const out = await one.tx((q) => raiseContextAndInsert(q, alert(key), new Date(), reach));
        expect(out.inserted).toMatchObject({ consulate_id: 'losangeles', status: 'RAISED' });
      }
      expect((await names()).filter((n) => n === RAISE_INSERT.name)).toHaveLength(1);
      // Gone behind its back (a pooler's DISCARD ALL): the raise that finds it missing fails, the next one prepares it again.
      await one.query(`deallocate ${RAISE_INSERT.name}`);
      await expect(one.tx((q) => raiseContextAndInsert(q, alert('k4'), new Date(), reach))).rejects.toThrow(/does not exist/);
      expect((await one.tx((q) => raiseContextAndInsert(q, alert('k5'), new Date(), reach))).inserted).toMatchObject({ status: 'RAISED' });
    } finally {
      await one.close();
    }
  });
});
