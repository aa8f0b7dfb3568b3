import pg from 'pg';
import type { Db, Queryable, TxQueryable } from './types.js';
import { log } from '../log.js';

// int8 (bigint) arrives as a string by default; counts and sequence numbers here stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface PgOptions {
  connectionString: string;
  max?: number;
}

/** A pg.Pool behind the Db interface, with one dedicated LISTEN connection that reconnects with jittered backoff. */
export function openPg({ connectionString, max = 10 }: PgOptions): Db {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 60_000 });
  // An idle client losing its server (database restart) must not crash the process.
  pool.on('error', (err) => log.warn('db.pool_error', { code: (err as { code?: string }).code ?? 'unknown' }));
  const listeners: Array<() => Promise<void>> = [];
  const separatePools: pg.Pool[] = [];

  const db: Db = {
    kind: 'postgres',
    ...asQueryable(pool),
    async tx(fn) {
      const client = await pool.connect();
      // A checked-out client is not covered by the pool's error handler: without this, a database
      // restart mid-transaction emits an unhandled 'error' and takes the whole process down.
      const onError = (err: Error) => log.warn('db.client_error', { code: (err as { code?: string }).code ?? 'unknown' });
      client.on('error', onError);
      let committed = false;
      const open = () => {
        if (committed) throw new Error('this transaction has already committed');
      };
      const q: TxQueryable = {
        async query(sql, params) {
          open();
          const r = await client.query(sql, params as unknown[]);
          return { rows: r.rows, rowCount: r.rowCount ?? 0 };
        },
        async exec(sql) {
          open();
          await client.query(sql);
        },
        async queryAndCommit(statements) {
          open();
          const results = await queryAndCommitOn(client, statements);
          committed = true;
          return results;
        },
      };
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const out = await fn(q);
        if (!committed) await client.query('commit');
        return out;
      } catch (err) {
        if (!committed) await client.query('rollback').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        client.off('error', onError);
        // A client whose rollback failed is dead: destroy it instead of returning it to the pool.
        client.release(broken);
      }
    },
    async listen(channel, onNotify, onReconnect) {
      const stop = await startListener(connectionString, channel, onNotify, onReconnect);
      listeners.push(stop);
      return stop;
    },
    separate(size) {
      const own = new pg.Pool({ connectionString, max: size, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 60_000 });
      own.on('error', (err) => log.warn('db.pool_error', { code: (err as { code?: string }).code ?? 'unknown' }));
      separatePools.push(own);
      return asQueryable(own);
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await Promise.all(listeners.splice(0).map((stop) => stop()));
      await Promise.all([pool.end(), ...separatePools.splice(0).map((p) => p.end())]);
    },
  };
  return db;
}

async function startListener(
  connectionString: string,
  channel: string,
  onNotify: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (isReconnect: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString });
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

/** A pool or a checked-out client as a Queryable. */
export function asQueryable(c: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query(sql, params) {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    },
    async exec(sql) {
      await c.query(sql);
    },
  };
}

/**
 * `statements` and COMMIT in one message (simple protocol, so no parameters): if one fails, the server skips
 * the rest, COMMIT included, and the caller rolls back as for any other failure. Each statement's result.
 */
export async function queryAndCommitOn(client: pg.PoolClient, statements: readonly string[]) {
  const results = (await client.query(`${statements.join(';\n')};\ncommit`)) as unknown as pg.QueryResult[];
  return results.slice(0, statements.length).map((r) => ({ rows: r.rows as Record<string, unknown>[], rowCount: r.rowCount ?? 0 }));
}
