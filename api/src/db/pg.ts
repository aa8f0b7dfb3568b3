import pg from 'pg';
import type { Db, QueryOptions, Queryable, TxQueryable } from './types.js';
import { log } from '../log.js';
import { PrimaryTarget, databaseHosts, targetedClient } from './primary.js';
import { ReadFreshness } from './readFreshness.js';

// int8 (bigint) arrives as a string by default; counts and sequence numbers here stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface PgOptions {
  /** One connection string, several (comma-separated), or libpq's multi-host form: see db/primary.ts. */
  connectionString: string;
  max?: number;
  /** READ_DATABASE_URL: a hot standby for lag-tolerant reads (Db.reads). */
  readConnectionString?: string | null;
}

/** A transaction's error that says this connection reached a server that no longer takes writes. */
const onStandby = (err: unknown) => (err as { code?: string } | null)?.code === '25006';

/** A pg.Pool behind the Db interface, with one dedicated LISTEN connection that reconnects with jittered backoff. */
export function openPg({ connectionString, max = 10, readConnectionString }: PgOptions): Db & { target: PrimaryTarget } {
  // Every connection goes to the host the target says is the primary, and reports failures to it.
  const target = new PrimaryTarget(databaseHosts(connectionString));
  const Client = targetedClient(target);
  let warmUp: ((q: Queryable) => Promise<void>) | null = null;
  // A new backend pays tens of milliseconds before its first answer (fork, load PostGIS, read the catalogue):
  // `warm` opens every connection before the first request and warms it, and `min: max` keeps them open
  // however long they sit idle, so the first raise after a quiet night finds the pool as warm as the last one
  // before it. A connection opened later (replacing one that broke) is warmed before its first use: that
  // request pays the start-up as it would have anyway, and the ones after it do not.
  const pool = new pg.Pool({
    Client,
    max,
    min: max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 60_000,
    onConnect: (client: pg.ClientBase) => warmConnection(client),
  });
  const warmed = new WeakSet<pg.ClientBase>();
  const warmConnection = async (client: pg.ClientBase) => {
    if (!warmUp || warmed.has(client)) return;
    warmed.add(client);
    // A failed warm-up costs speed only: the connection is handed out all the same.
    await warmUp(asQueryable(client)).catch((err: Error) =>
      log.warn('db.warm_up_failed', { code: (err as { code?: string }).code ?? 'unknown' }),
    );
  };
  // An idle client losing its server (database restart) must not crash the process.
  pool.on('error', (err) => {
    log.warn('db.pool_error', { code: (err as { code?: string }).code ?? 'unknown' });
    target.failed();
  });
  const listeners: Array<() => Promise<void>> = [];
  const separatePools: pg.Pool[] = [];
  const readPool = readConnectionString ? new pg.Pool({ connectionString: readConnectionString, max: 4, connectionTimeoutMillis: 5_000 }) : null;
  readPool?.on('error', (err) => log.warn('db.read_pool_error', { code: (err as { code?: string }).code ?? 'unknown' }));
  if (readPool) separatePools.push(readPool);
  const freshness = readPool ? new ReadFreshness(asQueryable(pool), asQueryable(readPool)) : null;
  freshness?.start();
  /** Checks out `max` clients at once (opening the missing ones), warms those not yet warm, gives them back. */
  const fill = async () => {
    const clients = await Promise.all(Array.from({ length: max }, () => pool.connect().catch(() => null)));
    await Promise.all(clients.map((c) => c && warmConnection(c)));
    for (const c of clients) c?.release();
  };

  const db: Db & { target: PrimaryTarget } = {
    kind: 'postgres',
    target,
    ...asQueryable(pool),
    ...(readPool && freshness ? { reads: asQueryable(readPool), readFreshness: freshness } : {}),
    async tx(fn) {
      const client = await pool.connect();
      // A checked-out client is not covered by the pool's error handler: without this, a database
      // restart mid-transaction emits an unhandled 'error' and takes the whole process down.
      const onError = (err: Error) => log.warn('db.client_error', { code: (err as { code?: string }).code ?? 'unknown' });
      client.on('error', onError);
      const t = transactionOn(client);
      let broken: Error | undefined;
      try {
        const out = await fn(t.q);
        await t.commit();
        return out;
      } catch (err) {
        await t.rollback().catch((e: Error) => (broken = e));
        // A primary demoted under us answers writes with 25006: this connection is of no more use.
        if (onStandby(err)) {
          broken = err as Error;
          target.failed();
        }
        throw err;
      } finally {
        client.off('error', onError);
        // A client whose rollback failed is dead: destroy it instead of returning it to the pool.
        client.release(broken);
      }
    },
    async listen(channel, onNotify, onReconnect) {
      const stop = await startListener(target, channel, onNotify, onReconnect);
      listeners.push(stop);
      return stop;
    },
    separate(size) {
      // Generic plans only: what runs here is the hub's read, a prepared text whose generic plan is right for
      // any cursor (walk the key from it), but which PostgreSQL would plan anew at every call (0.5 ms, five
      // times the execution): its generic estimate assumes a third of the table after the cursor.
      const own = new pg.Pool({
        Client, max: size, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 60_000,
        options: '-c plan_cache_mode=force_generic_plan',
      });
      own.on('error', (err) => {
        log.warn('db.pool_error', { code: (err as { code?: string }).code ?? 'unknown' });
        target.failed();
      });
      separatePools.push(own);
      return asQueryable(own);
    },
    async warm(fn) {
      warmUp = fn;
      await fill();
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      freshness?.stop();
      target.close();
      await Promise.all(listeners.splice(0).map((stop) => stop()));
      await Promise.all([pool.end(), ...separatePools.splice(0).map((p) => p.end())]);
    },
  };
  return db;
}

async function startListener(
  target: PrimaryTarget,
  channel: string,
  onNotify: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (isReconnect: boolean): Promise<void> => {
    // Where the primary is now (a hot standby refuses LISTEN; the targeted client refuses a standby first).
    const c = new (targetedClient(target))();
    c.on('notification', (m) => m.channel === channel && onNotify(m.payload ?? ''));
    c.on('error', () => undefined); // handled by 'end'
    c.on('end', () => {
      if (stopped || client !== c) return;
      client = undefined;
      schedule();
    });
    await c.connect();
    await c.query(`listen ${pg.escapeIdentifier(channel)}`);
    client = c;
    attempt = 0;
    if (isReconnect) {
      log.info('db.listener_reconnected', { channel });
      onReconnect?.();
    }
  };

  const schedule = () => {
    if (stopped) return;
    // Full jitter: a fleet of processes must not stampede a database that just came back.
    const delay = Math.random() * Math.min(10_000, 100 * 2 ** attempt++);
    timer = setTimeout(() => {
      connect(true).catch(() => schedule());
    }, delay);
  };

  await connect(false);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const c = client;
    client = undefined;
    await c?.end().catch(() => undefined);
  };
}

/** A query config for `pg`: named (prepared once per connection) when the caller names it. */
function statement(text: string, params: readonly unknown[] | undefined, opts: QueryOptions | undefined): pg.QueryConfig {
  return opts?.name ? { name: opts.name, text, values: params as unknown[] } : { text, values: params as unknown[] };
}

/** A pool or a checked-out client as a Queryable. */
function asQueryable(c: pg.Pool | pg.ClientBase): Queryable {
  return {
    async query(sql, params, opts) {
      const r = await c.query(statement(sql, params, opts));
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    },
    async exec(sql) {
      await c.query(sql);
    },
  };
}

const rowsOf = <R>(r: pg.QueryResult): { rows: R[]; rowCount: number } => ({ rows: r.rows as R[], rowCount: r.rowCount ?? 0 });

/** The statements `queryAll` has prepared on each connection (SQL `prepare`: they live as long as it does). */
const preparedByClient = new WeakMap<pg.ClientBase, Map<string, 'yes' | 'no' | 'unknown'>>();
const preparedOn = (client: pg.ClientBase) => {
  let m = preparedByClient.get(client);
  if (!m) preparedByClient.set(client, (m = new Map()));
  return m;
};

/**
 * A transaction on a checked-out client. BEGIN is not sent on its own: it goes out in the same message as
 * the first statement when that one has no parameters (values inlined as `SqlLiteral`s), otherwise just
 * before it; a raise's first read carries it, a round trip less per raise, each of which under load waits
 * for the database and this process to be scheduled. `commit` and `rollback` do nothing when nothing was sent.
 */
export function transactionOn(client: pg.ClientBase): { q: TxQueryable; commit(): Promise<void>; rollback(): Promise<void> } {
  let begun = false;
  let committed = false;
  const open = () => {
    if (committed) throw new Error('this transaction has already committed');
  };
  const begin = async () => {
    if (begun) return;
    begun = true;
    await client.query('begin');
  };
  const q: TxQueryable = {
    async query(sql, params, opts) {
      open();
      if (!begun && !params?.length && !opts?.name) return rowsOf((await inOneMessage([sql], []))[0]!);
      await begin();
      return rowsOf(await client.query(statement(sql, params, opts)));
    },
    async exec(sql) {
      open();
      await begin();
      await client.query(sql);
    },
    async queryAll(statements) {
      open();
      const prepared = preparedOn(client);
      const needed = [...new Set(statements.flatMap((s) => (typeof s === 'string' ? [] : [s.execute])))];
      for (const p of needed.filter((p) => prepared.get(p.name) === 'unknown'))
        prepared.set(p.name, (await client.query('select 1 from pg_prepared_statements where name = $1', [p.name])).rowCount ? 'yes' : 'no');
      const missing = needed.filter((p) => prepared.get(p.name) !== 'yes');
      const texts = statements.map((s) => (typeof s === 'string' ? s : `execute ${pg.escapeIdentifier(s.execute.name)}(${s.args.join(', ')})`));
      try {
        const results = await inOneMessage([...missing.map((p) => `prepare ${pg.escapeIdentifier(p.name)} as ${p.text}`), ...texts], []);
        for (const p of missing) prepared.set(p.name, 'yes');
        return results.slice(missing.length).map((r) => rowsOf<Record<string, unknown>>(r));
      } catch (err) {
        // A PREPARE outlives its transaction's rollback, and whether these ran is not known here; one thought
        // prepared may have gone (a DISCARD by a pooler): the next message on this connection looks first.
        for (const p of needed) prepared.set(p.name, 'unknown');
        throw err;
      }
    },
    /**
     * `statements` and COMMIT in one message (simple protocol, so no parameters): if one fails, the server
     * skips the rest, COMMIT included, and the caller rolls back as for any other failure.
     */
    async queryAndCommit(statements) {
      open();
      const results = await inOneMessage(statements, ['commit']);
      committed = true;
      return results.map((r) => rowsOf<Record<string, unknown>>(r));
    },
  };
  /** BEGIN (if not sent yet), `statements` and `after` as one simple query; the results of `statements`. */
  const inOneMessage = async (statements: readonly string[], after: readonly string[]) => {
    const first = begun ? [] : ['begin'];
    begun = true;
    const all = [...first, ...statements, ...after];
    const out = (await client.query(all.join(';\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
    // pg answers a message of one statement with its result, of several with an array of them.
    const results = Array.isArray(out) ? out : [out];
    return results.slice(first.length, first.length + statements.length);
  };
  return {
    q,
    async commit() {
      if (begun && !committed) await client.query('commit');
      committed = true;
    },
    async rollback() {
      if (begun && !committed) await client.query('rollback');
    },
  };
}
