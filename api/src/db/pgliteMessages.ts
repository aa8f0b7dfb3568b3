import type { MessageStatement, Queryable, TxQueryable } from './types.js';

/**
 * `queryAll` and `queryAndCommit` on PGlite's one in-process connection: the same statements, one after
 * another (a round trip costs nothing here), so every caller takes the same path on both backends. What
 * pg's one message guarantees holds: a statement that fails fails the transaction and the rest do not run,
 * and nothing runs on the transaction after `queryAndCommit` (its COMMIT is the transaction's end).
 */
/**
 * `fn` in a PGlite transaction whose `queryAndCommit` ends it as on PostgreSQL: what ran up to it stays
 * committed even when `fn` fails afterwards (its error is thrown once the transaction has committed).
 */
export async function messageTransaction<T>(transaction: <R>(body: (t: Queryable) => Promise<R>) => Promise<R>, fn: (q: TxQueryable) => Promise<T>): Promise<T> {
  let late: { error: unknown } | null = null;
  const out = await transaction(async (t) => {
    const m = withMessages(t);
    try {
      return await fn(m);
    } catch (error) {
      if (!m.committed()) throw error;
      late = { error };
      return undefined as T;
    }
  });
  if (late) throw (late as { error: unknown }).error;
  return out;
}

export function withMessages(q: Queryable): TxQueryable & { committed(): boolean } {
  let committed = false;
  const open = () => {
    if (committed) throw new Error('this transaction has already committed');
  };
  const run = async (s: MessageStatement) => {
    if (typeof s === 'string') return q.query<Record<string, unknown>>(s);
    // A PREPARE outlives the transaction (as on PostgreSQL): prepared once per database, looked up each time.
    const known = await q.query('select 1 from pg_prepared_statements where name = $1', [s.execute.name]);
    const name = `"${s.execute.name.replace(/"/g, '""')}"`;
    if (!known.rowCount) await q.query(`prepare ${name} as ${s.execute.text}`);
    return q.query<Record<string, unknown>>(`execute ${name}(${s.args.join(', ')})`);
  };
  const all = async (statements: readonly MessageStatement[]) => {
    const out = [];
    for (const s of statements) out.push(await run(s));
    return out;
  };
  return {
    committed: () => committed,
    query: (sql, params, opts) => (open(), q.query(sql, params, opts)),
    exec: (sql) => (open(), q.exec(sql)),
    queryAll: (statements) => (open(), all(statements)),
    async queryAndCommit(statements) {
      open();
      const out = await all(statements);
      committed = true;
      return out;
    },
  };
}
