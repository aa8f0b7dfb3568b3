import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import { migratedUpTo } from './support/migratedUpTo.js';
import { at, monthPartition, monthStart, partitionsHolding } from './support/months.js';
import { dropExpiredAuditMonths, ensureAuditPartitions, ensureEventPartitions, monthPartitions } from '../src/sql/partitions.js';
import { readAudit } from '../src/sql/privacy.js';
import { maintainEventPartitions } from '../src/services/eventPartitions.js';
import type { Queryable } from '../src/db/types.js';
import { listMigrations } from '../src/db/migrate.js';

/**
 * Issue 21.3: audit_log partitioned by month (db/migrations/0021_audit_log_partitions.sql), by the function
 * that now makes alert_events' months too. Months are UTC; `monthStart(k)` is the first instant of the month
 * k months from now (negative: ago).
 */
const partName = (d: Date) => monthPartition('audit_log', d);

/** Audit rows about `subject` at the given times, in that order: their ids. */
async function auditAt(q: Queryable, subject: string, times: Date[]): Promise<number[]> {
  const r = await q.query<{ id: string }>(
    `insert into audit_log (actor_role, actor_id, action, subject_type, subject_id, at)
     select 'OPERATOR', 'op-1', 'READ_PRECISE_LOCATION', 'alert', $1, t from unnest($2::timestamptz[]) with ordinality u(t, o) order by o
     returning id`,
    [subject, times],
  );
  return r.rows.map((x) => Number(x.id)).sort((a, b) => a - b);
}
const whereIs = (q: Queryable, ids: number[]) => partitionsHolding(q, 'audit_log', 'id', ids);

describe.each(backends())('audit_log by month on %s', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await cloneTestDb(backend);
  });
  afterAll(() => t?.dispose());

  it('the current month and the next two exist after migrating; the maintenance pass makes the audit months with the events\'', async () => {
    const parts = await monthPartitions(t.db, 'audit_log');
    for (const k of [0, 1, 2]) expect(parts).toContain(partName(monthStart(k)));
    expect(await t.db.tx((q) => ensureAuditPartitions(q))).toEqual([]);
    // alert_events' months still come from its own function, now a wrapper of the shared one.
    expect(await t.db.tx((q) => ensureEventPartitions(q))).toEqual([]);
    expect(await monthPartitions(t.db, 'alert_events')).toContain(monthPartition('alert_events', monthStart(0)));
    const { created } = await maintainEventPartitions(t.db, 30);
    expect(created).toEqual([]);
  });

  it('a row dated in a month without a partition waits in the default one and moves into its month; still append-only there', async () => {
    const far = monthStart(5);
    const subject = `alert-${randomUUID()}`;
    const ids = await auditAt(t.db, subject, [at(far, 1000), at(far, 2000)]);
    expect(await whereIs(t.db, ids)).toEqual(['audit_log_default', 'audit_log_default']);
    expect(await t.db.tx((q) => ensureAuditPartitions(q, 2))).toEqual([]);
    const created = await t.db.tx((q) => ensureAuditPartitions(q, 6));
    expect(created).toEqual([partName(monthStart(3)), partName(monthStart(4)), partName(far), partName(monthStart(6))]);
    expect(await whereIs(t.db, ids)).toEqual([partName(far), partName(far)]);
    expect((await t.db.query('select 1 from audit_log_default')).rowCount).toBe(0);
    await expect(t.db.query('delete from audit_log where id = $1', [ids[0]])).rejects.toThrow(/append-only/);
    await expect(t.db.query('update audit_log set actor_id = $2 where id = $1', [ids[0], 'someone-else'])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`truncate ${partName(far)}`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('truncate audit_log_default')).rejects.toThrow(/append-only/);
    await expect(t.db.query('truncate audit_log')).rejects.toThrow(/append-only/);
  });

  it('the audit trail reads newest first across months', async () => {
    const subject = `alert-${randomUUID()}`;
    const ids = await auditAt(t.db, subject, [at(monthStart(-1), 5000), at(monthStart(0), 5000), new Date()]);
    await t.db.tx((q) => ensureAuditPartitions(q)); // last month's row leaves the default partition
    expect(new Set(await whereIs(t.db, ids))).toEqual(new Set([partName(monthStart(-1)), partName(monthStart(0))]));
    const rows = await readAudit(t.db, subject, 10);
    const times = rows.map((r) => r.at.getTime());
    expect(times).toHaveLength(3);
    expect(times.slice(1)).toEqual([at(monthStart(0), 5000).getTime(), at(monthStart(-1), 5000).getTime()]);
    expect(times[0]).toBeGreaterThan(times[1]!);
  });

  it('the shared month function is not the serving role\'s to call, and takes no other table', async () => {
    await expect(t.db.query(`select ensure_month_partitions('advisors', 1)`)).rejects.toThrow(/not partitioned by month/);
    const acl = await t.db.query<{ public_exec: boolean }>(
      `select has_function_privilege('public', 'ensure_month_partitions(text, int)', 'execute') as public_exec`,
    );
    expect(acl.rows[0]!.public_exec).toBe(false);
  });
});

describe.each(backends())('audit retention set in the database on %s (migration 0023)', (backend) => {
  let t: TestDb;
  const subject = `alert-${randomUUID()}`;
  // Rows 25, 13 and 11 months old, each month moved out of the default partition into its own.
  const old = [-25, -13, -11].map((k) => at(monthStart(k), 5000));
  beforeAll(async () => {
    t = await cloneTestDb(backend);
    await auditAt(t.db, subject, old);
    await t.db.tx((q) => ensureAuditPartitions(q));
  });
  afterAll(() => t?.dispose());
  const setKeep = (months: number | null) => t.db.query('update audit_retention set keep_months = $1', [months]);
  const actions = async (action: string) =>
    (await t.db.query<{ subject_id: string; actor_role: string }>(`select subject_id, actor_role from audit_log where action = $1 order by id`, [action])).rows;

  it('keeps every month while no retention is set (the default), whatever the maintenance pass is told', async () => {
    expect((await t.db.query('select keep_months from audit_retention')).rows).toEqual([{ keep_months: null }]);
    expect(await t.db.tx((q) => dropExpiredAuditMonths(q))).toEqual([]);
    const { dropped } = await maintainEventPartitions(t.db, 0);
    expect(dropped.filter((p) => p.startsWith('audit_log'))).toEqual([]);
    expect(await monthPartitions(t.db, 'audit_log')).toEqual(expect.arrayContaining(old.map(partName)));
  });

  it('drops whole months older than the retention, oldest first, records each drop and each change of the setting', async () => {
    await setKeep(12);
    const { dropped } = await maintainEventPartitions(t.db, 30);
    expect(dropped.filter((p) => p.startsWith('audit_log'))).toEqual([partName(old[0]!), partName(old[1]!)]);
    const parts = await monthPartitions(t.db, 'audit_log');
    expect(parts).not.toContain(partName(old[0]!));
    expect(parts).not.toContain(partName(old[1]!));
    expect(parts).toContain(partName(old[2]!)); // 11 months old: within the 12 kept
    expect((await readAudit(t.db, subject, 10)).map((r) => r.at.getTime())).toEqual([old[2]!.getTime()]);
    expect(await actions('DROP_AUDIT_MONTH')).toEqual([
      { subject_id: partName(old[0]!), actor_role: 'SYSTEM' },
      { subject_id: partName(old[1]!), actor_role: 'SYSTEM' },
    ]);
    expect((await actions('AUDIT_RETENTION_SET')).map((r) => r.subject_id)).toEqual(['12 months']);
    expect(await t.db.tx((q) => dropExpiredAuditMonths(q))).toEqual([]); // idempotent
  });

  it('refuses a retention outside 1..1200 months and the removal of the setting, changing nothing', async () => {
    await expect(setKeep(0)).rejects.toThrow(/check constraint/);
    await expect(setKeep(-3)).rejects.toThrow(/check constraint/);
    await expect(t.db.query('delete from audit_retention')).rejects.toThrow(/cannot be deleted/);
    expect((await t.db.query('select keep_months from audit_retention')).rows).toEqual([{ keep_months: 12 }]);
    await setKeep(null);
    expect((await actions('AUDIT_RETENTION_SET')).map((r) => r.subject_id)).toEqual(['12 months', 'forever']);
    expect(await monthPartitions(t.db, 'audit_log')).toContain(partName(old[2]!));
  });
});

describe.each(backends())('migration 0021 on %s', (backend) => {
  it('keeps every audit row, puts each in its month, and ids continue after the last', async () => {
    const { q, dispose } = await migratedUpTo(backend, '0021');
    try {
      const times = [monthStart(-2), monthStart(-1), monthStart(0)].map((d) => at(d, 5000));
      await auditAt(q, 'alert-before-0021', times);
      await q.query(`insert into audit_log (actor_role, action, subject_type, subject_id) values ('SYSTEM', 'NOW', 'alert', 'alert-before-0021')`);
      const read = `select id::text, at, actor_role, actor_id, action, subject_type, subject_id from audit_log order by id`;
      const before = (await q.query(read)).rows;
      const m = (await listMigrations()).find((x) => x.name.startsWith('0021'))!;
      await q.exec(`begin; ${m.sql}; commit;`);
      const after = (await q.query<{ id: string }>(read)).rows;
      expect(after).toEqual(before);
      expect(await whereIs(q, after.map((r) => Number(r.id)))).toEqual([partName(monthStart(-2)), partName(monthStart(-1)), partName(monthStart(0)), partName(monthStart(0))]);
      const next = await auditAt(q, 'alert-after-0021', [new Date()]);
      expect(next[0]).toBe(Number(after.at(-1)!.id) + 1);
      expect((await q.query<{ s: string }>(`select pg_get_serial_sequence('audit_log', 'id') as s`)).rows[0]!.s).toBe('public.audit_log_id_seq');
      await expect(q.query('delete from audit_log')).rejects.toThrow(/append-only/);
      await expect(q.query('truncate audit_log')).rejects.toThrow(/append-only/);
    } finally {
      await dispose();
    }
  }, 600_000);
});
