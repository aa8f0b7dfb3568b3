import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, insertBareAlert, type TestDb } from './support/db.js';
import { startProcess } from './support/process.js';
import { eventually, gql, operatorToken, personToken } from './support/server.js';
import { insertAudit } from '../src/sql/privacy.js';

/**
 * Issue 17.8, database side: the audit trail is append-only for the application. On every backend a trigger
 * refuses UPDATE, DELETE and TRUNCATE (for any role, the owner too); where MIGRATION_DATABASE_URL names
 * another role than DATABASE_URL, the serving role also lacks the privileges (and cannot disable the trigger).
 */
describe.each(backends())('the audit log on %s', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await cloneTestDb(backend);
  });
  afterAll(() => t?.dispose());

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows and alert events; the rows stay', async () => {
    const subject = `subject-${randomUUID()}`;
    await insertAudit(t.db, [{ actorRole: 'OPERATOR', actorId: 'op-1', action: 'READ_PRECISE_LOCATION', subjectType: 'alert', subjectId: subject }]);
    const alertId = await insertBareAlert(t.db, 'person-audit-test');
    await t.db.query(`insert into alert_events (alert_id, consulate_id, type, actor_role) values ($1, 'losangeles', 'RAISED', 'SYSTEM')`, [alertId]);
    await expect(t.db.query(`update audit_log set actor_id = 'x' where subject_id = $1`, [subject])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`delete from audit_log where subject_id = $1`, [subject])).rejects.toThrow(/append-only/);
    await expect(t.db.query('truncate audit_log')).rejects.toThrow(/append-only/);
    await expect(t.db.query('truncate alert_events')).rejects.toThrow(/append-only/);
    const n = async (sql: string, p: unknown[]) => (await t.db.query<{ n: number }>(sql, p)).rows[0]!.n;
    expect(await n('select count(*)::int as n from audit_log where subject_id = $1 and actor_id = $2', [subject, 'op-1'])).toBe(1);
    expect(await n('select count(*)::int as n from alert_events where alert_id = $1', [alertId])).toBe(1);
  });
});

const onPostgres = backends().includes('postgres');
describe.skipIf(!onPostgres)('a serving role apart from the migrating one (needs TEST_DATABASE_URL: PostgreSQL roles)', () => {
  let t: TestDb;
  const role = `alerta_serve_${randomBytes(4).toString('hex')}`;
  let servingUrl: string;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  beforeAll(async () => {
    t = await cloneTestDb('postgres');
    await admin(`create role ${role} login`);
    const u = new URL(t.url!);
    u.username = role;
    u.password = '';
    servingUrl = u.toString();
  });
  afterAll(async () => {
    await t?.dispose();
    await admin(`drop role if exists ${role}`);
  });

  it('the server migrates as MIGRATION_DATABASE_URL, serves as DATABASE_URL, and the serving role cannot touch audit rows', async () => {
    const p = startProcess({ DATABASE_URL: servingUrl, MIGRATION_DATABASE_URL: t.url!, RETENTION_SWEEP_MS: '200', RETENTION_DAYS: '0' });
    const url = await p.url;
    expect(p.output()).toContain(`"event":"db.roles","migrating":"postgres","serving":"${role}"`);
    // The serving role does what the application does: raise (alerts, events), read precise data (audit rows).
    const raised = await gql(url, 'mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }',
      { i: { location: { lat: 34.0522, lon: -118.2437 }, idempotencyKey: randomUUID() } }, await personToken(randomUUID()));
    expect(raised.errors).toBeUndefined();
    const id = (raised.data as { raiseAlert: { id: string } }).raiseAlert.id;
    const read = await gql(url, 'query($id: ID!) { alert(id: $id) { location { lat } } }', { id }, await operatorToken('losangeles'));
    expect(read.errors).toBeUndefined();
    await eventually(async () => {
      expect((await t.db.query('select 1 from audit_log where subject_id = $1', [id])).rowCount).toBeGreaterThan(0);
    });

    const serving = new pg.Client({ connectionString: servingUrl });
    await serving.connect();
    try {
      const refused = async (sql: string) => expect(serving.query(sql)).rejects.toMatchObject({ code: '42501' }); // insufficient_privilege
      await refused(`update audit_log set actor_id = 'x'`);
      await refused('delete from audit_log');
      await refused('truncate audit_log');
      await refused('alter table audit_log disable trigger audit_log_no_update'); // must be owner
      await refused('delete from alert_events');
      await refused(`insert into schema_migrations (name) values ('9999_forged.sql')`);
      // How long the audit trail is kept is the operator's (migration 0023): the serving role reads it, no more.
      await refused('update audit_retention set keep_months = 1');
      await refused('delete from audit_retention');
      await refused(`insert into month_partitioned_tables values ('advisors')`); // which tables the month function takes (0024)
      expect((await serving.query('select keep_months from audit_retention')).rows).toEqual([{ keep_months: null }]);
      expect((await serving.query('select * from audit_log_drop_expired_months()')).rows).toEqual([]);
      await serving.query(`insert into audit_log (actor_role, action, subject_type, subject_id) values ('SYSTEM', 'TEST', 'alert', $1)`, [id]);
    } finally {
      await serving.end();
    }
    const exited = new Promise<number | null>((r) => p.child.on('exit', (code) => r(code)));
    p.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(p.output()).not.toMatch(/retention\.failed|audit\.write_failed|permission denied/);
  });
});
