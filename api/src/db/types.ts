import type { SqlLiteral } from '../sql/literal.js';

/**
 * The one query surface the rest of the code sees: a pg.Pool, a pg client inside a transaction, or PGlite.
 *
 * Every statement of the raise, offer and event paths has a name of its own, so that what measures them
 * (api/bench/svc-timing.ts, pg_stat_activity) groups by what a statement is, not by what its text looks
 * like: a prepared one its `QueryOptions.name` or `PreparedText.name`, any other a leading comment
 * `/* snake_case_name *\/` (api/test/statementNames.test.ts fails on an unnamed one on those paths).
 */
export interface Queryable {
  /**
   * `opts.name`: prepare the statement once per connection under this name and reuse it (PostgreSQL; ignored
   * by PGlite). Only for a fixed text that is run often and whose plan does not depend on which parameters
   * are null: parsing, rewriting views and planning were half of the database's time per raise.
   */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<{ rows: R[]; rowCount: number }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface QueryOptions {
  /** A name unique to this statement's text. */
  name?: string;
}

/** The connection of an open transaction. */
export interface TxQueryable extends Queryable {
  /**
   * Runs statements without parameters (values inlined as `SqlLiteral`s) and COMMIT in a single
   * message, ending the transaction; returns each statement's result. A lock a statement takes is released
   * without waiting for this process to read an answer and send COMMIT. Nothing may run on `q` after it.
   * PGlite runs them one after another (db/pgliteMessages.ts): the callers' path is the same.
   */
  queryAndCommit(statements: readonly string[]): Promise<Array<{ rows: Record<string, unknown>[]; rowCount: number }>>;
  /**
   * Runs statements without parameters (values inlined as `SqlLiteral`s) in a single message, with
   * BEGIN in front when the transaction has sent nothing yet; returns each statement's result. A statement
   * may depend on what an earlier one did (PostgreSQL plans each one when it comes to it). If one fails
   * the server skips the rest and the transaction fails. A statement given as `{ execute, args }` runs as
   * `execute name(args)`, `execute` being prepared on this connection in the first message that needs it.
   * PGlite runs them one after another (db/pgliteMessages.ts).
   */
  queryAll(statements: readonly MessageStatement[]): Promise<Array<{ rows: Record<string, unknown>[]; rowCount: number }>>;
}

/** A statement of `queryAll`: a text, or a prepared statement with its arguments (SQL expressions). */
export type MessageStatement = string | { execute: PreparedText; args: readonly SqlLiteral[] };

/** A statement prepared once per connection under `name` (SQL `prepare`; parameters typed by their use). */
export interface PreparedText {
  name: string;
  text: string;
}

export type BackendKind = 'pglite' | 'postgres';

/** A database handle created once by the entry point and passed in everywhere else. */
export interface Db extends Queryable {
  readonly kind: BackendKind;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: TxQueryable) => Promise<T>): Promise<T>;
  /**
   * Subscribes to NOTIFY on `channel`. `onReconnect` runs after the listener had to reconnect,
   * so the caller can catch up from its cursor (notifications sent while disconnected are gone).
   */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /**
   * Queries on connections of their own (at most `size`), apart from the request pool, for work that must
   * not queue behind requests for a connection (the event hub's reads). Their prepared statements always
   * run on generic plans (`plan_cache_mode`): only fixed, key-walking texts belong here. Closed with the Db.
   * Absent where there is only one connection (PGlite): use the Db itself.
   */
  separate?(size: number): Queryable;
  /**
   * READ_DATABASE_URL: a hot standby for reads that tolerate its lag (reference data such as district
   * geometry). Never for what decides (raise, claim, offers) or for stream cursors: those read the primary.
   * Unset: reads go where everything else goes.
   */
  reads?: Queryable;
  /** With `reads`: up to when the standby holds every commit (db/readFreshness.ts). */
  readFreshness?: { freshAsOf(): number | null };
  /**
   * Opens every connection of the request pool now and runs `warmUp` on each, and later on each connection
   * opened to replace one that broke, before its first use; the pool keeps them open however long they sit
   * idle. Absent where there is no pool (PGlite).
   */
  warm?(warmUp: (q: Queryable) => Promise<void>): Promise<void>;
  /** Connection pool usage, where there is a pool. */
  poolStats?(): { total: number; idle: number; waiting: number };
}
