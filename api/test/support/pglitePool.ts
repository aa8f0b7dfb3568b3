import { readFileSync } from 'node:fs';
import { openPglite } from '../../src/db/pglite.js';
import type { Db } from '../../src/db/types.js';

/**
 * Embedded databases reused by the test files a worker runs one after another (vitest `isolate: false`).
 *
 * Opening an embedded PostGIS costs ~5 s of CPU whatever the data (the PostGIS bundle is unpacked and
 * compiled each time), more than most test files take. A database a file gave back is brought back to the
 * template's state instead: the tables whose rows changed are refilled from a copy taken when it was
 * opened, and the sequences are set back. What that cannot undo (a file that changed the schema, the
 * triggers, the functions or the roles) is noticed by a fingerprint of the catalog, and that database is
 * closed and a fresh one opened: a file always starts on the template, never on another file's leftovers.
 */

type PgliteDb = Awaited<ReturnType<typeof openPglite>>;

interface TableCopy {
  /** `public.alerts`, quoted. */
  name: string;
  /** The copy in the snapshot schema, quoted. */
  copy: string;
  /** The columns a row is written with (generated ones are computed, not copied), quoted. */
  columns: string;
  /** An identity column GENERATED ALWAYS takes a copied value only with OVERRIDING SYSTEM VALUE. */
  overriding: boolean;
  rows: number;
}

interface Pooled {
  db: PgliteDb;
  tables: TableCopy[];
  sequences: Array<{ name: string; lastValue: string; isCalled: boolean }>;
  fingerprint: string;
  /** The transaction id after which any row version written is a change to undo. */
  baseline: string;
}

const SNAPSHOT = 'test_template_copy';

/** What a schema change leaves in the catalog; the snapshot schema and temporary tables are not counted. */
const FINGERPRINT = `
  select md5(coalesce(string_agg(x, ',' order by x), '')) as fingerprint from (
    select 'c' || c.oid || c.relkind::text || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname not in ('pg_catalog', 'information_schema', '${SNAPSHOT}') and n.nspname not like 'pg\\_temp%' and n.nspname not like 'pg\\_toast%'
    union all select 'a' || a.attrelid || '.' || a.attnum || a.attname || a.atttypid || a.attnotnull || a.attisdropped
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and a.attnum > 0
    union all select 't' || oid || tgenabled::text from pg_trigger
    union all select 'k' || oid from pg_constraint
    union all select 'p' || p.oid || md5(p.prosrc) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname not in ('pg_catalog', 'information_schema')
    union all select 'v' || oid || md5(ev_action::text) from pg_rewrite where ev_class >= 16384
    union all select 'r' || oid || rolname || rolsuper from pg_roles
    union all select 's' || setdatabase || setrole || array_to_string(setconfig, ';') from pg_db_role_setting
  ) s(x)`;

const idle: Pooled[] = [];
const leased = new Set<Pooled>();

/** A database in the template's state, to give back with `release`. */
export async function acquire(templateFile: string): Promise<{ db: Db; release(): Promise<void> }> {
  let p = idle.pop();
  if (p && !(await restored(p))) {
    await p.db.close().catch(() => undefined);
    p = undefined;
  }
  p ??= await open(templateFile);
  leased.add(p);
  const pooled = p;
  const lease = leaseOf(pooled.db);
  return {
    db: lease.db,
    async release() {
      if (!leased.delete(pooled)) return;
      await lease.end();
      idle.push(pooled);
    },
  };
}

async function open(templateFile: string): Promise<Pooled> {
  const db = await openPglite({ loadDataDir: new Blob([readFileSync(templateFile)]) });
  const tables = (await db.query<{ name: string; copy: string; columns: string; overriding: boolean }>(`
    select format('%I.%I', n.nspname, c.relname) as name, format('${SNAPSHOT}.%I', c.relname) as copy,
           string_agg(format('%I', a.attname), ', ' order by a.attnum) filter (where a.attgenerated = '') as columns,
           bool_or(a.attidentity = 'a') as overriding
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
       and c.relname <> 'spatial_ref_sys'
     group by n.nspname, c.relname order by c.relname`)).rows;
  await db.exec(`create schema ${SNAPSHOT}`);
  const copies: TableCopy[] = [];
  for (const t of tables) {
    await db.exec(`create table ${t.copy} as select ${t.columns} from ${t.name}`);
    const n = await db.query<{ n: number }>(`select count(*)::int as n from ${t.copy}`);
    copies.push({ ...t, rows: n.rows[0]!.n });
  }
  const sequences = [];
  for (const { name } of (await db.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'S' and n.nspname = 'public'`)).rows) {
    const s = await db.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${name}`);
    sequences.push({ name, lastValue: s.rows[0]!.last_value, isCalled: s.rows[0]!.is_called });
  }
  return { db, tables: copies, sequences, fingerprint: await fingerprint(db), baseline: await currentXid(db) };
}

/** Brings `p` back to the template's state; false when only a fresh database can do that. */
async function restored(p: Pooled): Promise<boolean> {
  const { db } = p;
  if (db.raw.closed) return false;
  if (db.raw.isInTransaction()) await db.exec('rollback');
  await db.exec('reset session authorization; reset all; discard temp; select pg_advisory_unlock_all()');
  if ((await fingerprint(db)) !== p.fingerprint) return false;
  const changed = await changedTables(p);
  const sql = ['begin', 'set local session_replication_role = replica'];
  for (const t of changed) {
    sql.push(`delete from ${t.name}`);
    sql.push(`insert into ${t.name} (${t.columns}) ${t.overriding ? 'overriding system value ' : ''}select ${t.columns} from ${t.copy}`);
  }
  for (const s of p.sequences) sql.push(`select setval('${s.name}', ${s.lastValue}, ${s.isCalled})`);
  sql.push('commit');
  await db.exec(sql.join(';\n'));
  p.baseline = await currentXid(db);
  return true;
}

/** Tables with a row written after the baseline (insert or update) or fewer rows than the copy (delete). */
async function changedTables(p: Pooled): Promise<TableCopy[]> {
  const probes = p.tables.map((t, k) =>
    `select ${k} as k where (select count(*) from ${t.name}) <> ${t.rows}
        or exists (select 1 from ${t.name} where xmin::text::bigint > ${p.baseline})`);
  const r = await p.db.query<{ k: number }>(probes.join('\nunion all\n'));
  return r.rows.map((row) => p.tables[row.k]!);
}

async function fingerprint(db: PgliteDb): Promise<string> {
  return (await db.query<{ fingerprint: string }>(FINGERPRINT)).rows[0]!.fingerprint;
}

/** The current transaction id (this one takes one; every later write has a higher one, in a test run). */
async function currentXid(db: PgliteDb): Promise<string> {
  return (await db.query<{ x: string }>('select txid_current()::text as x')).rows[0]!.x;
}

/**
 * The handle a test file gets: the database itself, except that closing it gives nothing back (the file's
 * `dispose` does), and what it listens to is unlistened when the file gives it back, so no notification
 * reaches a server of a file that has ended.
 */
function leaseOf(db: PgliteDb): { db: Db; end(): Promise<void> } {
  const unlistens = new Set<() => Promise<void>>();
  let ended = false;
  // A timer a file left running must fail, not write into the next file's database.
  const live = () => {
    if (ended) throw new Error('this test file gave its database back (a timer or server left running?)');
  };
  const lease: Db = {
    kind: db.kind,
    query: (sql, params, opts) => (live(), db.query(sql, params, opts)),
    exec: (sql) => (live(), db.exec(sql)),
    tx: (fn) => (live(), db.tx(fn)),
    async listen(channel, onNotify, onReconnect) {
      live();
      const unlisten = await db.listen(channel, onNotify, onReconnect);
      const once = async () => {
        if (unlistens.delete(once)) await unlisten();
      };
      unlistens.add(once);
      return once;
    },
    close: async () => undefined,
  };
  return {
    db: lease,
    async end() {
      ended = true;
      for (const u of [...unlistens]) await u().catch(() => undefined);
    },
  };
}
