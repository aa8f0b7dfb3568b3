import type { Db, Queryable } from '../db/types.js';
import type { Config } from '../config.js';
import type { Viewer } from '../domain/viewer.js';

/** What routing needs of a resolver's context (graphql/context.ts holds these). */
export interface ReadRoutingContext {
  db: Db;
  config: Pick<Config, 'readMaxLagMs'>;
  viewer: Viewer | null;
  recentWrites?: RecentWrites;
}

/**
 * When each caller's last write finished, in this process: their reads go to the primary until the
 * standby holds it (read your own writes). The oldest callers are forgotten first, so endless tokens cost
 * bounded memory; a forgotten caller wrote long enough ago for any standby within the lag bound.
 */
export class RecentWrites {
  private readonly at = new Map<string, number>();

  constructor(private readonly limit = 10_000) {}

  record(subject: string, when = Date.now()): void {
    this.at.delete(subject); // re-inserted last: Map order is the eviction order
    this.at.set(subject, when);
    if (this.at.size > this.limit) this.at.delete(this.at.keys().next().value as string);
  }

  lastWrite(subject: string): number | undefined {
    return this.at.get(subject);
  }
}

export type ReadTarget = 'standby' | 'primary';

/**
 * Where a read that tolerates a bounded lag goes (statistics, the roster, districts, the console's load):
 * the hot standby (READ_DATABASE_URL) when it holds everything committed up to READ_MAX_LAG_MS ago and
 * everything this caller wrote; the primary otherwise, and always when there is no standby. What decides
 * (raise, claim, offers) and stream cursors never come here.
 */
export function lagTolerantReads(ctx: ReadRoutingContext, now = Date.now()): { q: Queryable; target: ReadTarget } {
  const { db } = ctx;
  const fresh = db.readFreshness?.freshAsOf() ?? null;
  if (!db.reads || fresh === null || now - fresh > ctx.config.readMaxLagMs) return { q: db, target: 'primary' };
  const wrote = ctx.viewer ? ctx.recentWrites?.lastWrite(ctx.viewer.sub) : undefined;
  if (wrote !== undefined && wrote >= fresh) return { q: db, target: 'primary' };
  return { q: db.reads, target: 'standby' };
}
