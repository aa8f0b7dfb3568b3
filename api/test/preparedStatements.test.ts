import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cloneTestDb, insertBareAlert, type TestDb } from './support/db.js';
import { describePostgres } from './support/postgresOnly.js';
import { openPg } from '../src/db/pg.js';
import type { Db } from '../src/db/types.js';
import { allEventsAfter, appendEvents, eventsAfter } from '../src/sql/events.js';
import { findCandidates } from '../src/sql/candidates.js';
import { warmUpConnection } from '../src/sql/warmUp.js';
import { allIncidentEventsAfter, incidentEventsAfter } from '../src/sql/incidentEvents.js';

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
describePostgres('prepared statements on the hot path', 'it reads pg_prepared_statements of a pooled connection', (backend) => {
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

  it("the warm-up prepares the raise's insert, the candidate and the delivery statements once, by name", async () => {
    await db.warm!(warmUpConnection);
    expect((await prepared()).map((p) => p.name).sort()).toEqual(['all_events_after', 'find_candidates', 'insert_new_alert']);
    await findCandidates(db, { alertId: randomUUID(), consulateId: 'losangeles', lon: -118.25, lat: 34.05, maxLocationAgeSeconds: 600, neighbourRadiusM: 30_000 });
    expect((await prepared()).filter((p) => p.name === 'find_candidates')).toHaveLength(1);
  });

  it("the hub's read is planned once and then runs on its cached plan; it returns what the scoped read returns", async () => {
    const alertId = await insertBareAlert(db, 'p-prepared');
    await db.tx((q) => appendEvents(q, Array.from({ length: 3 }, () => ({
      alertId, consulateId: 'losangeles', type: 'LOCATION_UPDATED', fromStatus: null, toStatus: null, actorRole: 'SYSTEM', actorId: null, note: 'prepared',
    }))));
    // On the hub's own kind of connection, reading from near the end as it does: a custom plan there
    // (chosen by PostgreSQL, whose generic estimate assumes a third of the table after the cursor) would
    // be planned at every call.
    const own = db.separate!(1);
    const near = (await allEventsAfter(db, 0)).at(-2)!.seq;
    for (let i = 0; i < 8; i++) expect(await allEventsAfter(own, near)).toHaveLength(1);
    const hub = (await own.query<Prepared>('select name, generic_plans, custom_plans from pg_prepared_statements')).rows
      .find((p) => p.name === 'all_events_after')!;
    expect(hub).toMatchObject({ custom_plans: 0 });
    expect(hub.generic_plans).toBe(8);

    const all = await allEventsAfter(db, 0);
    const scoped = await eventsAfter(db, 0, { consulateId: null });
    expect(all.map((e) => e.seq)).toEqual(scoped.map((e) => e.seq));
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.at(-1)!.alert.id).toBe(alertId);
  });

  it("the incident hub's read is prepared too: planned once on its own connection, the same events as the unscoped replay", async () => {
    const incident = (await db.query<{ id: string }>(
      `insert into incidents (consulate_id, center, hull) values ('losangeles', ST_MakePoint(-118.25, 34.05)::geography,
         ST_Buffer(ST_MakePoint(-118.25, 34.05)::geography, 200)::geography(Polygon, 4326)) returning id`,
    )).rows[0]!.id;
    await db.query(
      `insert into incident_events (incident_id, consulate_id, audience, type, actor_kind)
       select $1, 'losangeles', '{losangeles}', 'ALERT_JOINED', 'SYSTEM' from generate_series(1, 3)`,
      [incident],
    );
    const own = db.separate!(1);
    const all = await allIncidentEventsAfter(db, 0);
    expect(all.map((e) => Number(e.id))).toEqual((await incidentEventsAfter(db, 0, null)).map((e) => Number(e.id)));
    expect(all.at(-1)!.incident.id).toBe(incident);
    const near = Number(all.at(-2)!.id);
    for (let i = 0; i < 8; i++) expect(await allIncidentEventsAfter(own, near)).toHaveLength(1);
    const hub = (await own.query<Prepared>('select name, generic_plans, custom_plans from pg_prepared_statements')).rows
      .find((p) => p.name === 'all_incident_events_after')!;
    expect(hub).toMatchObject({ custom_plans: 0, generic_plans: 8 });
  });

  it("the hub's cached plan looks each event's alert up by key, whatever the planner believed when it planned", async () => {
    // The benchmark's hub read took 3 ms and 2,000 buffers a call: planned while alert_offers had no
    // statistics, its cached plan joined every open offer with its advisor and then picked the events'
    // alerts from that, a cost that grows with the open offers. Here too alert_offers has none.
    await db.query(`with adv as (select id, row_number() over (order by id) as n from advisors limit 150),
        al as (insert into alerts (person_id, idempotency_key, request_hash, status, kind, location, consulate_id, match_method, match_distance_m)
               select 'p-offers-' || n, 'k', 'h', 'OFFERED', 'DETENTION', ST_SetSRID(ST_MakePoint(-118.25, 34.05), 4326)::geography, 'losangeles', 'CONTAINED', 0
               from adv returning id, person_id)
      insert into alert_offers (alert_id, advisor_id, distance_m, expires_at)
      select al.id, adv.id, 100, now() + interval '1 hour' from al join adv on al.person_id = 'p-offers-' || adv.n`);
    await db.query(`update alerts a set current_offer_id = o.id from alert_offers o where o.alert_id = a.id and a.person_id like 'p-offers-%'`);
    expect(Number((await db.query<{ n: string }>('select count(*) as n from alert_offers where outcome is null')).rows[0]!.n)).toBeGreaterThanOrEqual(100);
    const last = (await allEventsAfter(db, 0)).at(-1)!.seq;
    await db.query('set plan_cache_mode = force_generic_plan');
    try {
      const [{ 'QUERY PLAN': [plan] }] = (await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `explain (analyze, buffers, format json) execute all_events_after(${last - 1})`,
      )).rows as [{ 'QUERY PLAN': [{ Plan: PlanNode }] }];
      const nodes = flatten(plan.Plan);
      // alert_events itself (its month partitions, migration 0018) may be read whole while it is this small; the alert's side must be lookups.
      const scans = nodes.filter((n) => n['Relation Name'] && !n['Relation Name'].startsWith('alert_events'));
      expect(scans.map((n) => n['Relation Name'])).toEqual(expect.arrayContaining(['alerts', 'alert_offers', 'advisors']));
      for (const n of scans) expect(`${n['Node Type']} on ${n['Relation Name']}`).toMatch(/^Index (Only )?Scan on /);
      // One event read: a handful of index pages, not every open offer.
      expect(plan.Plan['Shared Hit Blocks']! + (plan.Plan['Shared Read Blocks'] ?? 0)).toBeLessThan(60);
    } finally {
      await db.query('reset plan_cache_mode');
    }
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}
const flatten = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(flatten)];
