import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Queryable } from '../src/db/types.js';
import { detectionPass, IncidentDetector } from '../src/services/incidents/worker.js';
import { backends, cloneTestDb } from './support/db.js';
import { CITY, offset, type Fixture } from './support/dispatch.js';
import { incidentKit, NO_INCIDENTS, spot } from './support/incidents.js';
import { collect, eventually, startTestServer, supervisorToken, testConfig, wsClient } from './support/server.js';

/**
 * One detection pass over many changes (services/incidents/worker.ts): alerts are raised while detection
 * groups nothing, the server is stopped, and detection then runs by hand from before the first raise.
 */
const CFG = testConfig().incidents;
const statementsNamed = (q: Queryable, name: string, count: { n: number }): Queryable => ({
  exec: (sql) => q.exec(sql),
  query(sql, params, opts) {
    if (sql.includes(`/* ${name} */`)) count.n++;
    return q.query(sql, params, opts);
  },
});

describe.each(backends())('a detection pass, on %s', (backend) => {
  const f = {} as Fixture;
  const k = incidentKit(f);
  const group = async (at: { lat: number; lon: number }, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await k.raiseKind(offset(at, 0.1 * i, 0.1 * (i % 2)))).id);
    return ids;
  };
  /** Raises with a server whose detection groups nothing, and stops it once its detection has seen them all. */
  const raisedWhileDetectionWaits = async <T>(raise: () => Promise<T>, incidents = NO_INCIDENTS): Promise<{ raised: T; from: number }> => {
    f.server = await startTestServer(f.t.db, { incidents });
    try {
      const from = Number((await f.t.db.query<{ s: string }>('select coalesce(max(seq), 0)::text as s from alert_events')).rows[0]!.s);
      const raised = await raise();
      await k.caughtUp();
      return { raised, from };
    } finally {
      await f.server.close();
    }
  };
  const cursorBackTo = (seq: number) => f.t.db.query('update incident_detection_cursor set last_seq = $1::bigint', [seq]);

  beforeAll(async () => {
    f.t = await cloneTestDb(backend);
  });
  afterAll(() => f.t?.dispose());

  it('recomputes each incident it touched once, at its end, however many of its alerts it holds; one DETECTED with all of them', async () => {
    const { raised: [la, chicago], from } = await raisedWhileDetectionWaits(async () => [await group(spot(CITY.losangeles, 20), 6), await group(CITY.chicago, 5)]);
    await cursorBackTo(from);

    const facts = { n: 0 };
    const memberships = { n: 0 };
    const walks = { n: 0 };
    const counted = (q: Queryable) => statementsNamed(statementsNamed(statementsNamed(q, 'incidents_facts', facts), 'alert_and_membership', memberships), 'walk_and_join_nearest', walks);
    expect(await f.t.db.tx((q) => detectionPass(counted(q), CFG))).toBe('done');
    // One by one it was once per alert (11 here): a raid's pass grew with the square of the raid. Both
    // incidents' facts are read in one statement (it was one each).
    expect(facts.n).toBe(1);
    // Every alert's membership in one read (it was one each), and one walk per group: the rest were taken in
    // with the first alert's cluster and are not looked at again.
    expect(memberships.n).toBe(1);
    expect(walks.n).toBe(2);
    const incidents = await k.sql<{ n: number; alert_count: number }>(
      `select count(*)::int as n, i.alert_count from incidents i join incident_alerts ia on ia.incident_id = i.id group by i.id order by n desc`);
    expect(incidents.map((i) => [i.n, i.alert_count])).toEqual([[6, 6], [5, 5]]);
    const events = await k.sql<{ type: string; ids: string[] }>(
      `select type, array(select jsonb_array_elements_text(data->'alertIds')) as ids from incident_events order by id`);
    expect(events.map((e) => e.type)).toEqual(['DETECTED', 'DETECTED']);
    expect(new Set(events[0]!.ids)).toEqual(new Set(la));
    expect(new Set(events[1]!.ids)).toEqual(new Set(chicago));
  });

  it('alerts joining several incidents: one statement per walk (lock and join in it), one facts read and one write for all the incidents', async () => {
    const places = [spot(CITY.losangeles, 24), spot(CITY.losangeles, 25), CITY.seattle];
    const first = await raisedWhileDetectionWaits(async () => {
      for (const at of places) await group(at, 3);
    });
    await cursorBackTo(first.from);
    expect(await f.t.db.tx((q) => detectionPass(q, CFG))).toBe('done');
    // Two more next to each incident, raised while detection reaches no farther than a metre (it joins nothing).
    const { raised: later, from } = await raisedWhileDetectionWaits(
      () => Promise.all(places.map((at) => group(offset(at, 0.05, 0.05), 2))),
      { ...NO_INCIDENTS, radiusM: 1 },
    );
    await cursorBackTo(from);

    const counts: Record<string, { n: number }> = {
      incidents_facts: { n: 0 }, write_incident_states: { n: 0 }, walk_and_join_nearest: { n: 0 },
      lock_incident_following_merges: { n: 0 }, add_members: { n: 0 },
    };
    // And which of them go prepared (once per connection, then on a generic plan when the planner finds it as
    // good): their planning took longer than running them under the raid point's load. The walk too, under a
    // name holding the radius and the window, which its text inlines: a generic plan that did not know them
    // walked by a scan of every open alert (sql/incidentDetection.ts).
    const prepared = new Set<string>();
    const walkTexts = new Set<string>();
    const preparedNames = (q: Queryable): Queryable => ({
      exec: (sql) => q.exec(sql),
      query(sql, params, opts) {
        if (opts?.name) prepared.add(opts.name);
        if (opts?.name?.startsWith('walk_and_join_nearest')) walkTexts.add(sql);
        return q.query(sql, params, opts);
      },
    });
    const counted = (q: Queryable) => Object.entries(counts).reduce((acc, [name, count]) => statementsNamed(acc, name, count), preparedNames(q));
    expect(await f.t.db.tx((q) => detectionPass(counted(q), CFG))).toBe('done');
    const walkName = `walk_and_join_nearest_${CFG.radiusM}_${CFG.windowMin}`;
    expect([...prepared].sort()).toEqual(['alert_and_membership', 'detection_claim_changes', 'incidents_facts', walkName, 'write_incident_states']);
    expect(walkTexts.size).toBe(1);
    const [walkText] = [...walkTexts];
    expect(walkText).toContain(`ST_DWithin(b.location, a.location, (${CFG.radiusM})::float8)`);
    expect(walkText).toContain(`make_interval(mins => (${CFG.windowMin})::int)`);
    // Before: a walk, a lock and an insert per joining group, and a facts read and a write per incident (15).
    const n = Object.fromEntries(Object.entries(counts).map(([name, c]) => [name, c.n]));
    expect(n).toEqual({ incidents_facts: 1, write_incident_states: 1, walk_and_join_nearest: 3, lock_incident_following_merges: 0, add_members: 0 });

    const rows = await k.sql<{ n: number; alert_count: number; joined: number }>(
      `select count(*)::int as n, i.alert_count,
              (select count(*)::int from incident_events e where e.incident_id = i.id and e.type = 'ALERT_JOINED') as joined
       from incidents i join incident_alerts ia on ia.incident_id = i.id
       where ia.incident_id in (select incident_id from incident_alerts where alert_id = any($1::uuid[]))
       group by i.id`, [later.flat()]);
    expect(rows.map((r) => [r.n, r.alert_count, r.joined])).toEqual([[5, 5, 2], [5, 5, 2], [5, 5, 2]]);
  });

  it('the incident events of one pass reach a console as one batch whose crews are one read; a list of incidents is one read too', async () => {
    const places = [spot(CITY.losangeles, 26), spot(CITY.losangeles, 27), CITY.boston];
    // A server whose detection joins nothing (a metre's reach, no minimum met), so the pass below is the one that groups.
    f.server = await startTestServer(f.t.db, { incidents: { ...NO_INCIDENTS, radiusM: 1 } });
    try {
      const from = Number((await f.t.db.query<{ s: string }>('select coalesce(max(seq), 0)::text as s from alert_events')).rows[0]!.s);
      const groups: string[][] = [];
      for (const at of places) groups.push(await group(at, 3));
      await k.caughtUp();
      const doc = 'subscription { incidentEvents { type incident { id alerts { id } team { id } lead { id } } } }';
      type View = { incidentEvents: { type: string; incident: { id: string; alerts: Array<{ id: string }>; team: unknown[]; lead: unknown } } };
      const listeners = f.server.incidentHub.listenerCount;
      const sup = wsClient(f.server.url, await supervisorToken());
      const console1 = collect<View>(sup, doc);
      await eventually(() => expect(f.server.incidentHub.listenerCount).toBe(listeners + 1));
      const reads = vi.spyOn(f.t.db, 'query');
      const crewReads = () => reads.mock.calls.filter(([sql]) => String(sql).includes('/* incident_crew */')).length;
      try {
        // The cursor moved back and the pass in one transaction: the server's own detector finds it locked.
        await f.t.db.tx(async (q) => {
          await q.query('update incident_detection_cursor set last_seq = $1::bigint', [from]);
          expect(await detectionPass(q, CFG)).toBe('done');
        });
        await eventually(() => expect(console1.events.map((e) => e.incidentEvents.type)).toEqual(['DETECTED', 'DETECTED', 'DETECTED']));
        // One statement for the three events' members, teams and leads (it was one per event).
        expect(crewReads()).toBe(1);
        expect(console1.events.map((e) => e.incidentEvents.incident.alerts.map((a) => a.id).sort())).toEqual(groups.map((g) => [...g].sort()));
        expect(console1.errors).toEqual([]);

        const listed = await k.ok('query { incidents { id alerts { id } team { id } } }', {}, await supervisorToken());
        expect(listed.incidents.length).toBeGreaterThanOrEqual(3);
        // Every incident of the list in one more read (it was one per incident).
        expect(crewReads()).toBe(2);
      } finally {
        reads.mockRestore();
        await sup.dispose();
      }
    } finally {
      await f.server.close();
    }
  });

  it('a pass that fails is done again one change at a time: the changes that fail are skipped, the others grouped', async () => {
    const { raised: [good, bad], from } = await raisedWhileDetectionWaits(async () => [await group(spot(CITY.losangeles, 21), 3), await group(CITY.denver, 3)]);
    await f.t.db.exec(`
      create function test_refuse_denver() returns trigger language plpgsql as $$
      begin raise exception 'injected: no incident in Denver'; end $$;
      create trigger test_refuse_denver before insert on incidents for each row
        when (new.consulate_id = 'denver') execute function test_refuse_denver();`);
    await cursorBackTo(from);

    const detector = new IncidentDetector(f.t.db, { watch: () => () => undefined }, CFG, { pollMs: 3_600_000 });
    detector.start();
    await detector.kick();
    await detector.stop();

    const grouped = async (ids: string[]) => (await k.sql<{ n: number }>(
      'select count(*)::int as n from incident_alerts where alert_id = any($1::uuid[])', [ids]))[0]!.n;
    expect(await grouped(good!)).toBe(3);
    expect(await grouped(bad!)).toBe(0);
    const [c] = await k.sql<{ ok: boolean }>('select last_seq >= (select max(seq) from alert_events) as ok from incident_detection_cursor');
    expect(c!.ok).toBe(true);
  });

  it('a server started without detection (the benchmark\'s control run) forms nothing and leaves the cursor; the next server with it catches up', async () => {
    const cursor = async () => (await k.sql<{ s: string }>('select last_seq::text as s from incident_detection_cursor'))[0]!.s;
    const before = await cursor();
    f.server = await startTestServer(f.t.db, {}, { incidentDetection: false });
    let ids: string[];
    try {
      ids = await group(spot(CITY.losangeles, 28), 3);
      // A detector would have woken at each raise (100 ms later) and polled every 2 s: past both, nothing moved.
      await new Promise((r) => setTimeout(r, 2_500));
      expect(await cursor()).toBe(before);
      for (const id of ids) expect(await k.incidentOf(id)).toBeNull();
    } finally {
      await f.server.close();
    }
    f.server = await startTestServer(f.t.db);
    try {
      await k.caughtUp();
      const found = await Promise.all(ids.map((id) => k.incidentOf(id)));
      expect(found[0]).not.toBeNull();
      expect(new Set(found.map((x) => x?.id)).size).toBe(1);
    } finally {
      await f.server.close();
    }
  });
});
