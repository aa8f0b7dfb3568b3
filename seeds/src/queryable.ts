/**
 * What seeding needs of a database, declared here so that seeds/ imports nothing from api/ (api/src/db
 * opens a database and seeds it: the dependency runs one way). The API's `Db` and `Queryable`
 * (api/src/db/types.ts) satisfy these, which the compiler checks where api/ passes them in.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
}
