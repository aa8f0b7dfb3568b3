import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import { migratedUpTo } from './support/migratedUpTo.js';
import { at, monthPartition, monthStart, partitionsHolding } from './support/months.js';
import { dropClosedIncidentEventMonths, ensureIncidentEventPartitions, monthPartitions } from '../src/sql/partitions.js';
import { allIncidentEventsAfter, lastIncidentEventId } from '../src/sql/incidentEvents.js';
import { maintainEventPartitions } from '../src/services/eventPartitions.js';
import { listMigrations } from '../src/db/migrate.js';
import type { Queryable } from '../src/db/types.js';

/**
 * Issue 21.3: incident_events partitioned by month (db/migrations/0024_incident_events_partitions.sql), by the
 * function that makes alert_events' and audit_log's months, and its months dropped once their incidents
 * closed before the retention window. Months are UTC; `monthStart(k)` is the first instant of the month k
 * months from now (negative: ago).
 */
const partName = (d: Date) => monthPartition('incident_events', d);
const DAY = 86_400_000;

/** An incident of Los Angeles, closed `closedDaysAgo` days ago (null: live). */
async function incident(q: Queryable, closedDaysAgo: number | null): Promise<string> {
  const r = await q.query<{ id: string }>(
    `insert into incidents (consulate_id, status, closed_at, center, hull)
     values ('losangeles', case when $1::timestamptz is null then 'DETECTED' else 'CLOSED' end, $1::timestamptz,
             ST_MakePoint(-118.24, 34.05)::geography, ST_Buffer(ST_MakePoint(-118.24, 34.05)::geography, 200)::geography(Polygon, 4326))
     returning id`,
    [closedDaysAgo === null ? null : new Date(Date.now() - closedDaysAgo * DAY)],
  );
  return r.rows[0]!.id;
}

/** Events of `incidentId` at the given times, in that order: their ids. */
async function eventsAt(q: Queryable, incidentId: string, times: Date[]): Promise<number[]> {
  const r = await q.query<{ id: string }>(
    `insert into incident_events (incident_id, consulate_id, audience, type, actor_kind, at)
     select $1::uuid, 'losangeles', array['losangeles'], 'ALERT_JOINED', 'SYSTEM', t from unnest($2::timestamptz[]) with ordinality u(t, o) order by o
     returning id`,
    [incidentId, times],
  );
  return r.rows.map((x) => Number(x.id)).sort((a, b) => a - b);
}
const whereIs = (q: Queryable, ids: number[]) => partitionsHolding(q, 'incident_events', 'id', ids);
const dropped = (parts: string[]) => parts.filter((p) => p.startsWith('incident_events'));

describe.each(backends())('incident_events by month on %s', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await cloneTestDb(backend);
  });
  afterAll(() => t?.dispose());

  it('the current month and the next two exist after migrating; the maintenance pass makes none twice', async () => {
    const parts = await monthPartitions(t.db, 'incident_events');
    for (const k of [0, 1, 2]) expect(parts).toContain(partName(monthStart(k)));
    expect(await t.db.tx((q) => ensureIncidentEventPartitions(q))).toEqual([]);
    expect((await maintainEventPartitions(t.db, 30)).created).toEqual([]);
  });

  it('an event dated in a month without a partition waits in the default one and moves into its month; still append-only there', async () => {
    const far = monthStart(5);
    const ids = await eventsAt(t.db, await incident(t.db, null), [at(far, 1000), at(far, 2000)]);
    expect(await whereIs(t.db, ids)).toEqual(['incident_events_default', 'incident_events_default']);
    const created = await t.db.tx((q) => ensureIncidentEventPartitions(q, 6));
    expect(created).toEqual([partName(monthStart(3)), partName(monthStart(4)), partName(far), partName(monthStart(6))]);
    expect(await whereIs(t.db, ids)).toEqual([partName(far), partName(far)]);
    expect((await t.db.query('select 1 from incident_events_default')).rowCount).toBe(0);
    await expect(t.db.query('delete from incident_events where id = $1', [ids[0]])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`update incident_events set note = 'x' where id = $1`, [ids[0]])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`truncate ${partName(far)}`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('truncate incident_events_default')).rejects.toThrow(/append-only/);
    await expect(t.db.query('truncate incident_events')).rejects.toThrow(/append-only/);
  });

  it('retention drops a month only when all of it is past the window and every incident in it closed before the window', async () => {
    // Retention 31 days: months -4 and -3 end at least 59 days ago; month -1 ends 0-31 days ago, never past it.
    const closedLongAgo = await incident(t.db, 60);
    const live = await incident(t.db, null);
    const closedLately = await incident(t.db, 5);
    const old4 = await eventsAt(t.db, closedLongAgo, [at(monthStart(-4), 5000)]);
    const old3 = [...(await eventsAt(t.db, closedLongAgo, [at(monthStart(-3), 5000)])), ...(await eventsAt(t.db, live, [at(monthStart(-3), 6000)]))];
    const old3b = await eventsAt(t.db, closedLately, [at(monthStart(-3), 7000)]);
    const recent = await eventsAt(t.db, closedLongAgo, [at(monthStart(-1), 5000)]);
    await t.db.tx((q) => ensureIncidentEventPartitions(q));
    const [m4, m3, m1] = [partName(monthStart(-4)), partName(monthStart(-3)), partName(monthStart(-1))];
    expect(await whereIs(t.db, [...old4, ...old3, ...old3b, ...recent])).toEqual([m4, m3, m3, m3, m1]);

    expect(dropped((await maintainEventPartitions(t.db, 31)).dropped)).toEqual([m4]);
    let parts = await monthPartitions(t.db, 'incident_events');
    expect(parts).not.toContain(m4);
    expect(parts).toEqual(expect.arrayContaining([m3, m1]));
    // A cursor from before the dropped month reads on from the first month left, in id order.
    const after = await allIncidentEventsAfter(t.db, old4[0]! - 1);
    expect(after.map((e) => Number(e.id))).toEqual([...old3, ...old3b, ...recent]);
    expect(await lastIncidentEventId(t.db)).toBeGreaterThanOrEqual(Math.max(...recent));

    // The live incident closes long ago: the one closed lately still holds month -3 whole.
    await t.db.query(`update incidents set status = 'CLOSED', closed_at = now() - interval '40 days' where id = $1`, [live]);
    expect(await t.db.tx((q) => dropClosedIncidentEventMonths(q, 31))).toEqual([]);
    await t.db.query(`update incidents set closed_at = now() - interval '32 days' where id = $1`, [closedLately]);
    expect(await t.db.tx((q) => dropClosedIncidentEventMonths(q, 31))).toEqual([m3]);
    parts = await monthPartitions(t.db, 'incident_events');
    expect(parts).toContain(m1);
    const audit = await t.db.query<{ subject_id: string }>(`select subject_id from audit_log where action = 'DROP_INCIDENT_EVENTS_MONTH' order by id`);
    expect(audit.rows.map((r) => r.subject_id)).toEqual([m4, m3]);
  });
});

describe.each(backends())('migration 0024 on %s', (backend) => {
  it('keeps every incident event, puts each in its month, and the cursor continues after the last', async () => {
    const { q, dispose } = await migratedUpTo(backend, '0024');
    try {
      await q.query(`insert into consulates (id, name, city, state, location) values ('losangeles', 'LA', 'Los Angeles', 'CA', ST_SetSRID(ST_MakePoint(-118.25, 34.05), 4326)::geography)`);
      const id = await incident(q, null);
      await eventsAt(q, id, [monthStart(-2), monthStart(-1), monthStart(0)].map((d) => at(d, 5000)));
      await q.query(`insert into incident_events (incident_id, consulate_id, audience, type, actor_kind) values ($1, 'losangeles', '{losangeles}', 'DETECTED', 'SYSTEM')`, [id]);
      const read = `select id::text, incident_id, consulate_id, audience, type, actor_kind, actor_id, note, at, data from incident_events order by id`;
      const before = (await q.query(read)).rows;
      const m = (await listMigrations()).find((x) => x.name.startsWith('0024'))!;
      await q.exec(`begin; ${m.sql}; commit;`);
      const rows = (await q.query<{ id: string }>(read)).rows;
      expect(rows).toEqual(before);
      expect(await whereIs(q, rows.map((r) => Number(r.id)))).toEqual([
        partName(monthStart(-2)), partName(monthStart(-1)), partName(monthStart(0)), partName(monthStart(0)),
      ]);
      const next = await eventsAt(q, id, [new Date()]);
      expect(next[0]).toBe(Number(rows.at(-1)!.id) + 1);
      expect((await q.query<{ s: string }>(`select pg_get_serial_sequence('incident_events', 'id') as s`)).rows[0]!.s).toBe('public.incident_events_id_seq');
      await expect(q.query('delete from incident_events')).rejects.toThrow(/append-only/);
    } finally {
      await dispose();
    }
  }, 600_000);
});
