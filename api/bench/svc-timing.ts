/**
 * A timing breakdown of the service's database use, without touching the service: the Db handed to
 * startServer is wrapped so every statement (pool or transaction) is timed by what it does, and every
 * transaction from `begin` to the end of `commit`. Recording is switched on for one phase at a time.
 */
import type { Db, MessageStatement, QueryOptions, Queryable } from '../src/db/types.js';

export interface StatementStat {
  key: string;
  count: number;
  totalMs: number;
  meanMs: number;
}

/** The event append: one message that waits for the writer lock, inserts, notifies and commits (`appendEventsLast`). */
export const APPEND = 'appendEventsLast (writer-lock wait + insert + notify + commit)';

/** A raise's insert: the alert, its first track point, the recent-raise count and the candidate query (KNN). */
export const INSERT_NEW_ALERT = 'insertNewAlert (+ track point, recent raises, candidates KNN)';

/**
 * Statements are keyed by their own names (api/src/db/types.ts): a prepared statement's (`QueryOptions.name`,
 * the `execute` of `queryAll`) or the `/* name *\/` comment a text starts with, whatever the rest of the text
 * says, so an edit of a query cannot move its cost to another line. Only the report's words for some names
 * live here; any other name is its own key. A statement without a name is keyed `other: ` and its first
 * words (api/test/statementNames.test.ts keeps the raise, offer and event paths free of those).
 */
const WORDS: Record<string, string> = {
  insert_new_alert: INSERT_NEW_ALERT,
  raise_insert: INSERT_NEW_ALERT,
  raise_context: 'raiseContext (BEGIN + key + person + containing district)',
  append_events: APPEND,
  all_events_after: 'allEventsAfter (hub read)',
  find_candidates: 'findCandidates (KNN)',
  set_advisor_locations: 'setAdvisorLocations (one UPDATE … FROM unnest per batch)',
};
const keyOfName = (name: string) => WORDS[name] ?? name;

/** A text's own name: the comment it starts with. */
const LEADING_NAME = /^\s*\/\* ([a-z][a-z0-9_]*) \*\//;

/** The key of a statement sent as text: its name, or `other: ` and its first words. */
export function statementKey(sql: string, opts?: QueryOptions): string {
  if (opts?.name) return keyOfName(opts.name);
  const name = LEADING_NAME.exec(sql)?.[1];
  return name ? keyOfName(name) : `other: ${sql.slice(0, 200).replace(/\s+/g, ' ').trim().slice(0, 60)}`;
}

/** One transaction as it went: when it started, how long it took, and each part in order. */
export interface TxTrace {
  startMs: number;
  totalMs: number;
  /** `connection`: from the call to the first statement (pool wait; BEGIN goes with the first statement, or just before it); then each statement. */
  steps: Array<[string, number]>;
}

export function instrumentDb(db: Db) {
  const stats = new Map<string, { count: number; totalMs: number }>();
  let traces: TxTrace[] = [];
  /** Failed statements and transactions by error message, over the whole run (not only while recording). */
  const failures = new Map<string, number>();
  const fail = (err: unknown) => {
    const m = String((err as Error)?.message ?? err).slice(0, 80);
    failures.set(m, (failures.get(m) ?? 0) + 1);
  };
  let on = false;
  const note = (key: string, ms: number) => {
    if (!on) return;
    const s = stats.get(key) ?? { count: 0, totalMs: 0 };
    s.count++;
    s.totalMs += ms;
    stats.set(key, s);
  };
  /** `run` timed under its statement's key; failures inside a transaction are counted by the transaction. */
  const timed = (run: (sql: string, params?: readonly unknown[], opts?: QueryOptions) => Promise<{ rows: any[]; rowCount: number }>, trace?: TxTrace) =>
    async (sql: string, params?: readonly unknown[], opts?: QueryOptions) => {
      const t0 = performance.now();
      const key = statementKey(sql, opts);
      try {
        return await run(sql, params, opts);
      } catch (err) {
        if (!trace) fail(err);
        throw err;
      } finally {
        note(key, performance.now() - t0);
        trace?.steps.push([key, performance.now() - t0]);
      }
    };
  /** Several statements sent as one message, timed as one: keyed by the last (the insert, the append), the others named after it. */
  const oneMessage = async <T>(statements: readonly MessageStatement[], send: () => Promise<T>, trace: TxTrace): Promise<T> => {
    const t0 = performance.now();
    const k = (x: MessageStatement) => (typeof x === 'string' ? statementKey(x) : keyOfName(x.execute.name));
    const key = [k(statements.at(-1)!), ...statements.slice(0, -1).map((x) => `+ ${k(x)}`)].join(' ');
    try {
      return await send();
    } finally {
      note(key, performance.now() - t0);
      trace.steps.push([key, performance.now() - t0]);
    }
  };
  const wrapped: Db = {
    kind: db.kind,
    query: timed((sql, params, opts) => db.query(sql, params, opts)) as Queryable['query'],
    exec: (sql) => db.exec(sql),
    async tx(fn) {
      const t0 = performance.now();
      const trace: TxTrace = { startMs: t0, totalMs: 0, steps: [] };
      try {
        return await db.tx((q) => {
          trace.steps.push(['connection', performance.now() - t0]);
          return fn({
            query: timed((sql, params, opts) => q.query(sql, params, opts), trace) as Queryable['query'],
            exec: (sql) => q.exec(sql),
            queryAll: (statements: readonly MessageStatement[]) => oneMessage(statements, () => q.queryAll(statements), trace),
            queryAndCommit: (statements: readonly string[]) => oneMessage(statements, () => q.queryAndCommit(statements), trace),
          });
        });
      } catch (err) {
        fail(err);
        throw err;
      } finally {
        const end = performance.now();
        note('(whole transaction, incl. waiting for a connection)', end - t0);
        trace.totalMs = end - t0;
        if (on) traces.push(trace);
      }
    },
    listen: (channel, onNotify, onReconnect) => db.listen(channel, onNotify, onReconnect),
    separate: db.separate && ((size) => {
      const own = db.separate!(size);
      return { query: timed((sql, params, opts) => own.query(sql, params, opts)) as Queryable['query'], exec: (sql) => own.exec(sql) };
    }),
    warm: db.warm && ((warmUp) => db.warm!(warmUp)),
    poolStats: db.poolStats && (() => db.poolStats!()),
    close: () => db.close(),
  };
  return {
    db: wrapped,
    failures,
    start() {
      stats.clear();
      traces = [];
      on = true;
    },
    /** The transactions of the last recorded phase, slowest first. */
    slowest(n: number): TxTrace[] {
      return [...traces].sort((a, b) => b.totalMs - a.totalMs).slice(0, n);
    },
    stop(): StatementStat[] {
      on = false;
      return [...stats.entries()]
        .map(([key, s]) => ({ key, count: s.count, totalMs: s.totalMs, meanMs: s.totalMs / s.count }))
        .sort((a, b) => b.totalMs - a.totalMs);
    },
  };
}

/** Mean ms of the statements whose key starts with `prefix` (the append, with or without a read in its message). */
export function meanOf(t: StatementStat[] | undefined, prefix: string): number {
  const hits = (t ?? []).filter((x) => x.key.startsWith(prefix));
  const count = hits.reduce((a, x) => a + x.count, 0);
  return count ? hits.reduce((a, x) => a + x.totalMs, 0) / count : NaN;
}

/** One line per transaction: when it started in the phase, its total, and its parts (short names). */
export function slowestLines(traces: TxTrace[], phaseStartMs: number): string[] {
  const short = (k: string) => k.replace(/ \(.*?\)/g, '').replace(/^appendEventsLast.*/, 'append+commit');
  // The wall-clock time too, to line a stall up with the database's log (autovacuum, checkpoints).
  const wall = (ms: number) => new Date(performance.timeOrigin + ms).toISOString().slice(11, 23);
  return traces.map((t) => `- at ${((t.startMs - phaseStartMs) / 1000).toFixed(2)} s (${wall(t.startMs)}): ${t.totalMs.toFixed(1)} = ` +
    t.steps.map(([k, ms]) => `${short(k)} ${ms.toFixed(1)}`).join(', '));
}
