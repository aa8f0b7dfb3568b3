import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, insertBareAlert, type TestDb } from './support/db.js';
import { dropPurgedEventMonths, ensureEventPartitions, eventPartitions } from '../src/sql/partitions.js';
import { eventsAfter } from '../src/sql/events.js';
import { purgeClosedAlerts } from '../src/sql/privacy.js';
import type { Queryable } from '../src/db/types.js';
import { listMigrations } from '../src/db/migrate.js';
import { migratedUpTo } from './support/migratedUpTo.js';
import { at, monthPartition, monthStart, partitionsHolding } from './support/months.js';

/**
 * Issue 21.3: alert_events partitioned by month (db/migrations/0018_monthly_partitions.sql). Months are UTC;
 * `monthStart(k)` is the first instant of the month k months from now (negative: ago).
 */
const partName = (d: Date) => monthPartition('alert_events', d);

/** Events of `alertId` at the given times, in that order: their seqs. */
async function insertEventsAt(q: Queryable, alertId: string, times: Date[]): Promise<number[]> {
  const r = await q.query<{ seq: string }>(
    `insert into alert_events (alert_id, consulate_id, type, actor_role, at)
     select $1::uuid, 'losangeles', 'LOCATION_UPDATED', 'SYSTEM', t from unnest($2::timestamptz[]) with ordinality u(t, o) order by o
     returning seq`,
    [alertId, times],
  );
  return r.rows.map((x) => Number(x.seq)).sort((a, b) => a - b);
}
const whereIs = (q: Queryable, seqs: number[]) => partitionsHolding(q, 'alert_events', 'seq', seqs);

describe.each(backends())('alert_events by month on %s', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await cloneTestDb(backend);
  });
  afterAll(() => t?.dispose());

  it('the current month and the next two exist after migrating; ensuring again creates nothing', async () => {
    const parts = await eventPartitions(t.db);
    for (const k of [0, 1, 2]) expect(parts).toContain(partName(monthStart(k)));
    expect(await t.db.tx((q) => ensureEventPartitions(q))).toEqual([]);
    expect(await eventPartitions(t.db)).toEqual(parts);
  });

  it('an event dated in a month without a partition lands in the default one, and moves into its month when that is created', async () => {
    const far = monthStart(5);
    const alertId = await insertBareAlert(t.db, `person-${randomUUID()}`);
    const seqs = await insertEventsAt(t.db, alertId, [at(far, 1000), at(far, 2000)]);
    expect(await whereIs(t.db, seqs)).toEqual(['alert_events_default', 'alert_events_default']);
    // Two months ahead does not reach it: a row beyond stays put (a clock far ahead is no reason to make months).
    expect(await t.db.tx((q) => ensureEventPartitions(q, 2))).toEqual([]);
    const created = await t.db.tx((q) => ensureEventPartitions(q, 6));
    expect(created).toEqual([partName(monthStart(3)), partName(monthStart(4)), partName(far), partName(monthStart(6))]);
    expect(await whereIs(t.db, seqs)).toEqual([partName(far), partName(far)]);
    expect((await t.db.query('select 1 from alert_events_default')).rowCount).toBe(0);
    // Still append-only, in the new partition too, whoever truncates it.
    await expect(t.db.query('delete from alert_events where seq = $1', [seqs[0]])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`truncate ${partName(far)}`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('truncate alert_events_default')).rejects.toThrow(/append-only/);
  });

  it('replay by cursor across a month boundary: every event once, in seq order, page after page', async () => {
    const alertId = await insertBareAlert(t.db, `person-${randomUUID()}`);
    const before = Number((await t.db.query<{ s: string }>('select max(seq)::text as s from alert_events')).rows[0]!.s);
    const boundary = monthStart(0);
    const times = [-3000, -2000, -1000, 0, 1000, 2000, 3000].map((ms) => at(boundary, ms));
    const seqs = await insertEventsAt(t.db, alertId, times);
    await t.db.tx((q) => ensureEventPartitions(q)); // the past month's rows leave the default partition
    expect(new Set(await whereIs(t.db, seqs))).toEqual(new Set([partName(monthStart(-1)), partName(monthStart(0))]));
    const seen: number[] = [];
    for (let cursor = before; ;) {
      const page = await eventsAfter(t.db, cursor, { consulateId: 'losangeles', alertId }, 2);
      if (page.length === 0) break;
      seen.push(...page.map((e) => e.seq));
      cursor = page.at(-1)!.seq;
    }
    expect(seen).toEqual(seqs);
  });

  it('retention drops a month whose alerts are all purged, and keeps a month holding an event of an alert not purged', async () => {
    const [gone, kept] = [monthStart(-4), monthStart(-3)];
    const purgedA = await insertBareAlert(t.db, `person-${randomUUID()}`);
    const purgedB = await insertBareAlert(t.db, `person-${randomUUID()}`);
    const stillOpen = await insertBareAlert(t.db, `person-${randomUUID()}`);
    await insertEventsAt(t.db, purgedA, [at(gone, 60_000)]);
    await insertEventsAt(t.db, purgedB, [at(gone, 120_000), at(kept, 60_000)]);
    await insertEventsAt(t.db, stillOpen, [at(kept, 120_000)]); // open across the month boundary: raised in `kept`
    await t.db.tx((q) => ensureEventPartitions(q));
    await t.db.query(`update alerts set status = 'RESOLVED', closed_at = now() - interval '100 days' where id = any($1::uuid[])`, [[purgedA, purgedB]]);
    expect(await t.db.tx((q) => purgeClosedAlerts(q, { olderThanDays: 30 }))).toBeGreaterThanOrEqual(2);

    // A window reaching into `gone` keeps it whole.
    expect(await t.db.tx((q) => dropPurgedEventMonths(q, 400))).toEqual([]);
    expect(await t.db.tx((q) => dropPurgedEventMonths(q, 30))).toEqual([partName(gone)]);
    const parts = await eventPartitions(t.db);
    expect(parts).not.toContain(partName(gone));
    expect(parts).toContain(partName(kept));
    const left = async (id: string) => (await t.db.query('select 1 from alert_events where alert_id = $1::uuid', [id])).rowCount;
    expect([await left(purgedA), await left(purgedB), await left(stillOpen)]).toEqual([0, 1, 1]);
    const audit = await t.db.query(`select 1 from audit_log where action = 'DROP_EVENTS_MONTH' and subject_id = $1`, [partName(gone)]);
    expect(audit.rowCount).toBe(1);
    expect(await t.db.tx((q) => dropPurgedEventMonths(q, 30))).toEqual([]); // nothing more to drop
  });

  it('two maintenance passes at once: each month is made once, both succeed', async () => {
    const ahead = 9;
    const [a, b] = await Promise.all([t.db.tx((q) => ensureEventPartitions(q, ahead)), t.db.tx((q) => ensureEventPartitions(q, ahead))]);
    expect([...a, ...b].sort()).toEqual([7, 8, 9].map((k) => partName(monthStart(k))));
    expect(await eventPartitions(t.db)).toEqual(expect.arrayContaining([0, 1, 2, 9].map((k) => partName(monthStart(k)))));
  });
});

const onPostgres = backends().includes('postgres');
describe.skipIf(!onPostgres)('partition maintenance from two connections (needs TEST_DATABASE_URL: PostgreSQL)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await cloneTestDb('postgres');
  });
  afterAll(() => t?.dispose());

  it('two sessions ensuring the same new months at the same instant: one makes them, the other waits and finds them', async () => {
    const clients = [new pg.Client({ connectionString: t.url! }), new pg.Client({ connectionString: t.url! })];
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const made = await Promise.all(clients.map(async (c) => (await c.query<{ p: string }>('select alert_events_ensure_partitions(5) as p')).rows.map((r) => r.p)));
      expect([...made[0]!, ...made[1]!].sort()).toEqual([3, 4, 5].map((k) => partName(monthStart(k))));
      const owners = await t.db.query<{ o: string }>(
        `select distinct pg_get_userbyid(c.relowner)::text as o from pg_inherits i join pg_class c on c.oid = i.inhrelid
         where i.inhparent = 'alert_events'::regclass`,
      );
      expect(owners.rows).toEqual([{ o: (await t.db.query<{ o: string }>(`select pg_get_userbyid(relowner)::text as o from pg_class where relname = 'alert_events'`)).rows[0]!.o }]);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});

describe.each(backends())('migration 0018 on %s', (backend) => {
  it('keeps every event, puts each in its month, and the cursor sequence continues after the last', async () => {
    const { q, dispose } = await migratedUpTo(backend, '0018');
    try {
      await q.query(`insert into consulates (id, name, city, state, location) values ('losangeles', 'LA', 'Los Angeles', 'CA', ST_SetSRID(ST_MakePoint(-118.25, 34.05), 4326)::geography)`);
      const alertId = await insertBareAlert(q, 'person-migration');
      const times = [monthStart(-2), monthStart(-1), monthStart(0)].map((d) => at(d, 5000));
      await insertEventsAt(q, alertId, times);
      await q.query(`insert into alert_events (alert_id, consulate_id, type, actor_role) values ($1::uuid, 'losangeles', 'RAISED', 'SYSTEM')`, [alertId]);
      const before = (await q.query<{ seq: string; at: Date; type: string }>('select seq::text, at, type from alert_events order by seq')).rows;
      const m = (await listMigrations()).find((x) => x.name.startsWith('0018'))!;
      await q.exec(`begin; ${m.sql}; commit;`);
      const after = (await q.query<{ seq: string; at: Date; type: string }>('select seq::text, at, type from alert_events order by seq')).rows;
      expect(after).toEqual(before);
      expect(await whereIs(q, after.map((r) => Number(r.seq)))).toEqual([partName(monthStart(-2)), partName(monthStart(-1)), partName(monthStart(0)), partName(monthStart(0))]);
      const next = await insertEventsAt(q, alertId, [new Date()]);
      expect(next[0]).toBe(Number(after.at(-1)!.seq) + 1);
      expect((await q.query<{ s: string }>(`select pg_get_serial_sequence('alert_events', 'seq') as s`)).rows[0]!.s).toBe('public.alert_events_seq_seq');
      await expect(q.query('delete from alert_events')).rejects.toThrow(/append-only/);
      await expect(q.query('truncate alert_events')).rejects.toThrow(/append-only/);
    } finally {
      await dispose();
    }
  }, 600_000);
});
