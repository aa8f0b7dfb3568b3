import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import { migratedUpTo } from './support/migratedUpTo.js';
import { at, monthPartition, monthStart, partitionsHolding } from './support/months.js';
import { ensureAuditPartitions, ensureEventPartitions, monthPartitions } from '../src/sql/partitions.js';
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
