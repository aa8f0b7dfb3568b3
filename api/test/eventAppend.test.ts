import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import { appendEventsLast, eventsAfter, lastEventSeq, type NewEvent } from '../src/sql/events.js';
import { alertByIdStatement } from '../src/sql/alerts.js';
import { dispatchTx, ending } from '../src/services/dispatchTx.js';

/**
 * `appendEventsLast`: a dispatch transaction's events, appended as its last statement. On PostgreSQL the
 * statement and COMMIT go in one message (`queryAndCommit`) with the values inlined as an escaped JSON
 * literal; on PGlite it is the parameterised statement. Both must store exactly what they were given.
 */
const HOSTILE_NOTES = [
  "O'Brien said: 'run'",
  'back\\slash \\\' and \\x00 text',
  '$$ dollar $tag$ quoting $$',
  "'); drop table alert_events; --",
  'ünïcödé — 漢字 🚨 \u2028 line separator',
  '{"json": "inside", "a": [1, 2]}',
  '\u202Eright-to-left\u200B zero\u200Dwidth\uFEFF',
  'x'.repeat(100_000),
  null,
];

describe.each(backends())('appendEventsLast on %s', (backend) => {
  let t: TestDb;
  let alertId: string;
  beforeAll(async () => {
    t = await cloneTestDb(backend);
    alertId = (await t.db.query<{ id: string }>(
      `insert into alerts (person_id, idempotency_key, request_hash, status, kind, location, accuracy_m, consulate_id, match_method, match_distance_m)
       values ($1, $2, 'h', 'RAISED', 'IMMINENT_DETENTION', ST_SetSRID(ST_MakePoint(-118.25, 34.05), 4326)::geography, 10, 'losangeles', 'CONTAINED', 0)
       returning id`, [randomUUID(), randomUUID()])).rows[0]!.id;
  });
  afterAll(() => t?.dispose());

  // Types of each kind: a status change, an event between statuses, one that carries two consulates.
  const MIXED_TYPES = ['OFFERED', 'OFFER_EXPIRED', 'HANDED_OVER'] as const;
  const event = (note: string | null, i: number): NewEvent => ({
    alertId, consulateId: 'losangeles', fromConsulateId: i % 2 ? 'sandiego' : null, type: MIXED_TYPES[i % MIXED_TYPES.length]!, fromStatus: i % 3 ? 'RAISED' : null,
    toStatus: 'OFFERED', actorRole: 'SYSTEM', actorId: i % 2 ? randomUUID() : null, note,
  });

  it('stores hostile text exactly, in order, and commits with the append', async () => {
    const before = await lastEventSeq(t.db);
    const events = HOSTILE_NOTES.map(event);
    const { appended, read } = await t.db.tx(async (q) => {
      if (backend === 'postgres') expect(q.queryAndCommit).toBeTypeOf('function');
      await q.query(`update alerts set note = 'read at commit' where id = $1::uuid`, [alertId]);
      // The read runs before the append (outside the writer lock), in the same transaction: it sees its writes.
      return appendEventsLast(q, events, alertByIdStatement(alertId));
    });
    expect(read).toHaveLength(1);
    expect(read![0]).toMatchObject({ id: alertId, note: 'read at commit', consulate_id: 'losangeles' });
    expect(read![0]!.created_at).toBeInstanceOf(Date);
    const seqs = appended.map((a) => a.seq);
    expect(seqs).toHaveLength(events.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const stored = await eventsAfter(t.db, before, { consulateId: null, alertId });
    expect(stored.map((e) => ({ seq: e.seq, note: e.note, type: e.type, from: e.from_status, fromConsulate: e.from_consulate_id, actor: e.actor_id })))
      .toEqual(events.map((e, i) => ({ seq: seqs[i], note: e.note, type: e.type, from: e.fromStatus, fromConsulate: e.fromConsulateId, actor: e.actorId })));
    // The append answers with the time the database gave each event, as stored.
    expect(appended.map((a) => a.at.toISOString())).toEqual(stored.map((e) => e.at.toISOString()));
    expect(Number((await t.db.query<{ n: number }>('select count(*)::int as n from alert_events')).rows[0]!.n)).toBeGreaterThan(0);
  });

  it('after it the transaction is over: a further statement on it is refused and nothing is rolled back', async () => {
    const before = await lastEventSeq(t.db);
    await expect(t.db.tx(async (q) => {
      await appendEventsLast(q, [event('kept', 1)]);
      await q.query('select 1');
    })).rejects.toThrow('already committed');
    expect((await eventsAfter(t.db, before, { consulateId: null, alertId })).map((e) => e.note)).toEqual(['kept']);
  });

  it('the read at commit: its rows come with the committed transaction, after the body\'s value', async () => {
    const done = await dispatchTx(t.db, async () => ending('value', [], 'select 1 as one'));
    expect(done).toEqual({ value: 'value', rows: [{ one: 1 }], events: [] });
  });

  it('a failing append commits nothing of its transaction', async () => {
    const before = await lastEventSeq(t.db);
    await t.db.query(`update alerts set note = 'before' where id = $1::uuid`, [alertId]);
    await expect(t.db.tx(async (q) => {
      await q.query(`update alerts set note = 'inside' where id = $1::uuid`, [alertId]);
      // An alert that does not exist violates the foreign key: the append fails, COMMIT never runs.
      await appendEventsLast(q, [{ ...event('lost', 1), alertId: randomUUID() }]);
    })).rejects.toThrow();
    expect((await t.db.query<{ note: string }>('select note from alerts where id = $1::uuid', [alertId])).rows[0]!.note).toBe('before');
    expect(await eventsAfter(t.db, before, { consulateId: null, alertId })).toEqual([]);
    // And the pool's connection is usable again.
    expect((await t.db.query<{ one: number }>('select 1 as one')).rows[0]!.one).toBe(1);
  });
});
