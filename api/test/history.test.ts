import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, insertBareAlert, type TestDb } from './support/db.js';
import { forgetOldHistory } from '../src/services/history.js';
import { loadConfig } from '../src/config.js';
import type { Queryable } from '../src/db/types.js';

/**
 * Issue 21.3, no table grows without bound: past ALERT_HISTORY_DAYS what the retention purge left of an alert
 * is counted into its month and deleted with every row that points at it (db/migrations/0025, sql/history.ts);
 * incidents closed that long ago with nothing left in them go too. Anything else stays exactly as it was.
 */
const HISTORY = 400;
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

/** An alert of Los Angeles raised `raisedDaysAgo` days ago, closed `closedDaysAgo` ago (null: open), purged or not. */
async function alert(q: Queryable, o: { raisedDaysAgo: number; closedDaysAgo: number | null; purged: boolean; status?: string }): Promise<string> {
  const id = await insertBareAlert(q, `person-${randomUUID()}`);
  await q.query(
    `update alerts set created_at = $2, closed_at = $3::timestamptz, status = $4,
            purged_at = case when $5 then $3::timestamptz end, person_id = case when $5 then 'purged:' || id else person_id end
     where id = $1`,
    [id, daysAgo(o.raisedDaysAgo), o.closedDaysAgo === null ? null : daysAgo(o.closedDaysAgo), o.status ?? (o.closedDaysAgo === null ? 'RAISED' : 'RESOLVED'), o.purged],
  );
  return id;
}

async function incident(q: Queryable, closedDaysAgo: number, mergedInto: string | null = null): Promise<string> {
  const r = await q.query<{ id: string }>(
    `insert into incidents (consulate_id, status, closed_at, merged_into, center, hull)
     values ('losangeles', case when $2::uuid is null then 'CLOSED' else 'MERGED' end, $1, $2::uuid,
             ST_MakePoint(-118.25, 34.05)::geography, ST_Buffer(ST_MakePoint(-118.25, 34.05)::geography, 200)::geography(Polygon, 4326))
     returning id`,
    [daysAgo(closedDaysAgo), mergedInto],
  );
  const id = r.rows[0]!.id;
  await q.query(`insert into incident_consulates (incident_id, consulate_id) values ($1, 'losangeles')`, [id]);
  return id;
}

/** Every row that points at the alert: an offer (its current one), a track point, the three SMS tables, an incident membership. */
async function surround(q: Queryable, alertId: string, incidentId: string): Promise<void> {
  const advisor = (await q.query<{ id: string }>(`select id from advisors where consulate_id = 'losangeles' limit 1`)).rows[0]!.id;
  const offer = await q.query<{ id: string }>(
    `insert into alert_offers (alert_id, advisor_id, distance_m, expires_at, outcome, settled_at) values ($1, $2, 10, now(), 'ACCEPTED', now()) returning id`,
    [alertId, advisor],
  );
  await q.query('update alerts set current_offer_id = $2 where id = $1', [alertId, offer.rows[0]!.id]);
  await q.query(`insert into alert_track (alert_id, location, recorded_at, consulate_id) values ($1, ST_MakePoint(-118.25, 34.05)::geography, now(), 'losangeles')`, [alertId]);
  await q.query(`insert into sms_inbound (message_sid, phone_hmac, command, alert_id) values ($1, 'purged', 'ALERTA', $2)`, [`SM${randomUUID()}`, alertId]);
  await q.query(`insert into sms_reporters (alert_id, phone_hmac, phone_enc, language) values ($1, 'h', 'e', 'es')`, [alertId]);
  await q.query(
    `insert into sms_outbox (dedupe_key, alert_id, audience, to_hmac, to_enc, body, status) values ($1, $2, 'REPORTER', 'h', 'e', 'b', 'SENT')`,
    [`d-${randomUUID()}`, alertId],
  );
  await q.query('insert into incident_alerts (incident_id, alert_id) values ($1, $2)', [incidentId, alertId]);
  await q.query(`insert into incident_team (incident_id, advisor_id) values ($1, $2) on conflict do nothing`, [incidentId, advisor]);
}

const count = async (q: Queryable, sql: string, params: unknown[]) => (await q.query<{ n: number }>(`select count(*)::int as n ${sql}`, params)).rows[0]!.n;

describe.each(backends())('the alerts\' horizon on %s', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await cloneTestDb(backend);
  });
  afterAll(() => t?.dispose());

  it('counts and deletes purged alerts past the horizon with everything pointing at them; keeps every other alert untouched', async () => {
    const q = t.db;
    const old = await incident(q, 500);
    const gone = [
      await alert(q, { raisedDaysAgo: 503, closedDaysAgo: 501, purged: true }),
      await alert(q, { raisedDaysAgo: 502, closedDaysAgo: 500, purged: true }),
      await alert(q, { raisedDaysAgo: 502, closedDaysAgo: 500, purged: true, status: 'CANCELLED' }),
    ];
    for (const id of gone) await surround(q, id, old);
    const withEvent = await alert(q, { raisedDaysAgo: 502, closedDaysAgo: 500, purged: true });
    await q.query(`insert into alert_events (alert_id, consulate_id, type, actor_role) values ($1, 'losangeles', 'NOTE', 'SYSTEM')`, [withEvent]);
    const kept = [
      withEvent,
      await alert(q, { raisedDaysAgo: 502, closedDaysAgo: 500, purged: false }), // not purged: never deleted
      await alert(q, { raisedDaysAgo: 390, closedDaysAgo: 380, purged: true }), // within the horizon
      await alert(q, { raisedDaysAgo: 600, closedDaysAgo: null, purged: false }), // still open
    ];
    const snapshot = (ids: string[]) => q.query('select * from alerts where id = any($1::uuid[]) order by id', [ids]);
    const before = (await snapshot(kept)).rows;
    const month = (await q.query<{ m: string }>(`select to_char(date_trunc('month', $1::timestamptz at time zone 'UTC'), 'YYYY-MM-DD') as m`, [daysAgo(502)])).rows[0]!.m;
    const monthOf503 = (await q.query<{ m: string }>(`select to_char(date_trunc('month', $1::timestamptz at time zone 'UTC'), 'YYYY-MM-DD') as m`, [daysAgo(503)])).rows[0]!.m;

    const forgotten = await forgetOldHistory(t.db, HISTORY, 2); // batches of two: three alerts take two transactions
    expect(forgotten.alerts).toBe(3);
    expect(forgotten.incidents).toBe(1);
    expect(await count(q, 'from alerts where id = any($1::uuid[])', [gone])).toBe(0);
    for (const table of ['alert_offers', 'alert_track', 'sms_inbound', 'sms_reporters', 'sms_outbox', 'incident_alerts']) {
      expect(await count(q, `from ${table} where alert_id = any($1::uuid[])`, [gone]), table).toBe(0);
    }
    for (const table of ['incidents where id', 'incident_team where incident_id', 'incident_consulates where incident_id']) {
      expect(await count(q, `from ${table} = $1`, [old]), table).toBe(0);
    }
    expect((await snapshot(kept)).rows).toEqual(before);

    const counts = await q.query<{ month: string; status: string; alerts: number }>(
      `select to_char(month, 'YYYY-MM-DD') as month, status, sum(alerts)::int as alerts from alert_monthly_counts
       where consulate_id = 'losangeles' and kind = 'DETENTION' group by 1, 2 order by 1, 2`,
    );
    const expected = new Map<string, number>();
    for (const [m, s] of [[monthOf503, 'RESOLVED'], [month, 'RESOLVED'], [month, 'CANCELLED']] as const) expected.set(`${m} ${s}`, (expected.get(`${m} ${s}`) ?? 0) + 1);
    expect(new Map(counts.rows.map((r) => [`${r.month} ${r.status}`, r.alerts]))).toEqual(expected);

    // A second pass finds nothing; the counts are not counted twice.
    expect(await forgetOldHistory(t.db, HISTORY)).toEqual({ alerts: 0, incidents: 0, sms: 0 });
    expect(await count(q, `from alert_monthly_counts where consulate_id = 'losangeles'`, [])).toBe(counts.rows.length);
  });

  it('an incident others were merged into goes after them; one with an event left or closed within the horizon stays', async () => {
    const q = t.db;
    const target = await incident(q, 450);
    const source = await incident(q, 450, target);
    const withEvent = await incident(q, 450);
    await q.query(`insert into incident_events (incident_id, consulate_id, audience, type, actor_kind) values ($1, 'losangeles', '{losangeles}', 'CLOSED', 'SYSTEM')`, [withEvent]);
    const recent = await incident(q, 100);
    const forgotten = await forgetOldHistory(t.db, HISTORY);
    expect(forgotten.incidents).toBe(2);
    expect(await count(q, 'from incidents where id = any($1::uuid[])', [[target, source]])).toBe(0);
    expect(await count(q, 'from incidents where id = any($1::uuid[])', [[withEvent, recent]])).toBe(2);
  });

  it('every table with a foreign key to alerts or incidents is emptied of the rows that go (a new one must be added)', async () => {
    const source = readFileSync(fileURLToPath(new URL('../src/sql/history.ts', import.meta.url)), 'utf8');
    const r = await t.db.query<{ child: string; parent: string }>(
      `select distinct c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent from pg_constraint c
       where c.contype = 'f' and c.confrelid in ('alerts'::regclass, 'incidents'::regclass) and c.conrelid <> c.confrelid
         and not exists (select 1 from pg_inherits i where i.inhrelid = c.conrelid)`, // partitions carry their parent's key
    );
    expect(r.rows.length).toBeGreaterThan(8);
    // Append-only histories are not deleted: an alert or incident with events left waits for their month to go.
    const byMonth = new Set(['alert_events', 'incident_events']);
    for (const { child } of r.rows) {
      if (byMonth.has(child)) expect(source).toContain(`from ${child} e where e.`);
      else expect(source, child).toMatch(new RegExp(`delete from ${child} \\w+ using gone`));
    }
  });

  it('SMS rows tied to no alert go past the horizon once settled; a pending message and a recent one stay', async () => {
    const q = t.db;
    const old = daysAgo(HISTORY + 1);
    await q.query(`insert into sms_inbound (message_sid, phone_hmac, command, received_at) values ($1, 'h', 'HELP', $2), ($3, 'h', 'HELP', now())`, [`SM${randomUUID()}`, old, `SM${randomUUID()}`]);
    const out = (status: string, at: Date) =>
      q.query(`insert into sms_outbox (dedupe_key, audience, to_hmac, to_enc, body, status, created_at) values ($1, 'CONTACT_RAISED', 'h', 'e', 'b', $2, $3)`, [`d-${randomUUID()}`, status, at]);
    await out('DELIVERED', old);
    await out('PENDING', old);
    await out('SENT', new Date());
    expect((await forgetOldHistory(t.db, HISTORY)).sms).toBe(2);
    expect(await count(q, `from sms_inbound where alert_id is null and received_at < now() - interval '${HISTORY} days'`, [])).toBe(0);
    expect(await count(q, `from sms_outbox where alert_id is null and status = 'PENDING'`, [])).toBe(1);
  });
});

describe('ALERT_HISTORY_DAYS', () => {
  const env = { NODE_ENV: 'test', AUTH_JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long', DATA_DIR: '/nonexistent' };
  it('defaults to 400 days; refuses less than the statistics\' 90 days or than RETENTION_DAYS', () => {
    expect(loadConfig(env).privacy.historyDays).toBe(400);
    expect(loadConfig({ ...env, ALERT_HISTORY_DAYS: '120' }).privacy.historyDays).toBe(120);
    expect(() => loadConfig({ ...env, ALERT_HISTORY_DAYS: '89' })).toThrow(/ALERT_HISTORY_DAYS must be an integer 90-36500/);
    expect(() => loadConfig({ ...env, ALERT_HISTORY_DAYS: '100', RETENTION_DAYS: '200' })).toThrow(/must not be shorter than RETENTION_DAYS/);
  });
});
