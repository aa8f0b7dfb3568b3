import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../src/db/types.js';
import { openAlertsForConsole } from '../src/sql/openAlerts.js';
import { advisorWork } from '../src/sql/advisorWork.js';
import { dispatchStats } from '../src/sql/stats.js';
import { insertIncident, walkAndJoinNearest, writeIncidentStates } from '../src/sql/incidentDetection.js';
import { backends, cloneTestDb, type TestDb } from './support/db.js';

/**
 * Issue 21.3, a year of history costs nothing on the hot path: the reads of what is open (the console's
 * load, an advisor's work) and the statistics' window go through the indexes of migration 0022, not through
 * every alert ever raised. Each query is captured as the code sends it and explained, with its arguments,
 * over many closed alerts and a few open ones.
 */
describe.each(backends())('reads of open alerts over a long history, on %s', (backend) => {
  let t: TestDb;
  let advisorId: string;

  /** The one statement `read` sends, explained with its own arguments. */
  const planOf = async (read: (q: Queryable) => Promise<unknown>): Promise<string> => {
    let sent: { sql: string; params: readonly unknown[] } | null = null;
    const capture: Queryable = {
      exec: (sql) => t.db.exec(sql),
      query(sql, params, opts) {
        sent = { sql, params: params ?? [] };
        return t.db.query(sql, params, opts);
      },
    };
    await read(capture);
    const { sql, params } = sent!;
    const rows = (await t.db.query<{ 'QUERY PLAN': string }>(`explain ${sql}`, params)).rows;
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  };

  beforeAll(async () => {
    t = await cloneTestDb(backend);
    advisorId = (await t.db.query<{ id: string }>(`select id from advisors where consulate_id = 'losangeles' order by id limit 1`)).rows[0]!.id;
    // 30,000 closed alerts of Los Angeles over a year, then three open ones (one assigned to the advisor).
    await t.db.query(
      `insert into alerts (person_id, idempotency_key, request_hash, status, kind, location, consulate_id, match_method,
                           match_distance_m, created_at, updated_at, closed_at, assigned_advisor_id)
       select 'history-' || (g % 5000), 'history-' || g, 'h', case when g > 30000 then 'ACKNOWLEDGED' else 'RESOLVED' end,
              'DETAINED', ST_SetSRID(ST_MakePoint(-118.24, 34.05), 4326)::geography, 'losangeles', 'CONTAINED', 0,
              now() - (30003 - g) * interval '17 minutes', now(), case when g > 30000 then null else now() end,
              case when g = 30003 then $1::uuid end
       from generate_series(1, 30003) g`,
      [advisorId],
    );
    await t.db.exec('analyze alerts');
  });
  afterAll(() => t?.dispose());

  it("the console's open alerts: the open alerts' index, never the consulate's whole history", async () => {
    const plan = await planOf((q) => openAlertsForConsole(q, 'losangeles', 100));
    expect(plan).toMatch(/alerts_open_consulate_created_idx/);
    expect(plan).not.toMatch(/Seq Scan on alerts|alerts_consulate_status_idx/);
    expect((await openAlertsForConsole(t.db, 'losangeles', 100)).filter((a) => a.person_id.startsWith('history-'))).toHaveLength(3);
  });

  it("an advisor's open work: the index of open alerts by advisor", async () => {
    const plan = await planOf((q) => advisorWork(q, advisorId));
    expect(plan).toMatch(/alerts_open_assigned_idx/);
    expect(plan).not.toMatch(/Seq Scan on alerts/);
    expect((await advisorWork(t.db, advisorId)).map((a) => a.person_id)).toContain('history-3');
  });

  it("the statistics' window: the alerts of the last hours by creation time", async () => {
    const plan = await planOf((q) => dispatchStats(q, 'losangeles', 24));
    expect(plan).toMatch(/alerts_created_brin/);
    expect(plan).not.toMatch(/Seq Scan on alerts\b/);
  });

  // Last: it opens alerts that the statistics do not know of.
  it("detection's walk probes the open alerts' index around each alert it reaches, even when the statistics say none is open", async () => {
    // The last ANALYZE saw no alert open, then 600 open: fewer than the 10% of changed rows that would trigger
    // another, so the planner still believes nothing is open, as in service after a quiet night over a long
    // history when a raid begins. Planned as a plain join, the walk then scanned every open alert at each step.
    await t.db.exec(`update alerts set status = 'RESOLVED', closed_at = now() where closed_at is null; analyze alerts`);
    await t.db.query(
      `insert into alerts (person_id, idempotency_key, request_hash, status, kind, location, consulate_id, match_method, match_distance_m)
       select 'raid-' || g, 'raid-' || g, 'h', 'RAISED', 'RAID_NEARBY',
              ST_SetSRID(ST_MakePoint(-118.24 + (g % 30) * 0.01, 34.05 + (g / 30) * 0.01), 4326)::geography, 'losangeles', 'CONTAINED', 0
       from generate_series(0, 599) g`,
    );
    const start = (await t.db.query<{ id: string }>(`select id from alerts where person_id = 'raid-0'`)).rows[0]!.id;
    const nearness = { radiusM: 1500, windowMin: 45 };
    const plan = await planOf((q) => walkAndJoinNearest(q, start, nearness));
    const probes = plan.split('\n').flatMap((line, i, lines) => (/alerts_open_location_gist/.test(line) ? [lines[i + 1] ?? ''] : []));
    expect(probes.length).toBeGreaterThan(0);
    for (const next of probes) expect(next).toMatch(/Index Cond: \(location && _st_expand\(a\.location/);
    expect(plan).not.toMatch(/Seq Scan on alerts\b/);
    // And it walks: points 0.01° apart (about 1.1 km north-south, 0.9 km east-west) chain into one cluster of all
    // 600, and none of the closed history (its last alerts are at raid-0's point, within the 45 minutes) is in it.
    const walked = await walkAndJoinNearest(t.db, start, nearness);
    expect(walked.cluster).toHaveLength(600);
    expect(walked.cluster.every((c) => c.person_id.startsWith('raid-'))).toBe(true);
  });

  it("a refresh writes each incident's shape from that incident's members, found by index, never from every alert or member", async () => {
    // Ten incidents of the open alerts above, 60 members each. The refreshed set comes as JSON, which the
    // planner takes for 100 rows whatever it holds: joined and grouped, the shapes were computed over every
    // row of incident_alerts (a merge join) or of alerts (a hash join).
    const open = (await t.db.query<{ id: string }>(`select id from alerts where person_id like 'raid-%' order by person_id`)).rows.map((r) => r.id);
    const incidents = [];
    for (let k = 0; k < 10; k++) incidents.push((await insertIncident(t.db, open.slice(k * 60, k * 60 + 60))).id);
    await t.db.exec('analyze incident_alerts');
    const states = incidents.slice(0, 3).map((incidentId) => ({
      incidentId, owner: 'losangeles', consulates: ['losangeles'], severity: 'HIGH', alerts: 60, openAlerts: 60, close: false, consulatesChanged: false,
    }));
    const plan = await planOf((q) => writeIncidentStates(q, states));
    expect(plan).toMatch(/Index Cond: \(incident_id = x\.id\)/);
    expect(plan).not.toMatch(/Seq Scan on (alerts|incident_alerts)\b|Merge Join|Hash Join[\s\S]*Seq Scan on alerts/);
    // And it writes: the three get their shape again (around their points in Los Angeles), the others keep a
    // shape put at (0, 0) for the test.
    await t.db.exec(`update incidents set center = ST_SetSRID(ST_MakePoint(0, 0), 4326)::geography,
                       hull = ST_Buffer(ST_SetSRID(ST_MakePoint(0, 0), 4326)::geography, 10) where id = any('{${incidents.join(',')}}'::uuid[])`);
    await writeIncidentStates(t.db, states);
    const inLa = (await t.db.query<{ id: string }>(
      `select id from incidents where id = any($1::uuid[]) and severity = 'HIGH'
         and ST_DWithin(center, ST_SetSRID(ST_MakePoint(-118.24, 34.05), 4326)::geography, 50000)
         and ST_DWithin(hull, ST_SetSRID(ST_MakePoint(-118.24, 34.05), 4326)::geography, 50000)`, [incidents])).rows.map((r) => r.id);
    expect(inLa.sort()).toEqual(incidents.slice(0, 3).sort());
  });
});
