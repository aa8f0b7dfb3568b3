import type { Db } from '../db/types.js';
import { dropExpiredAuditMonths, dropPurgedEventMonths, ensureAuditPartitions, ensureEventPartitions } from '../sql/partitions.js';
import { log } from '../log.js';

/** How often a process looks after the partitions: months are created two ahead, so a day is ample. */
export const PARTITION_MAINTENANCE_MS = 86_400_000;

/**
 * One pass: the months ahead exist, of the alert history and of the audit log (so rows never land in a
 * default partition while any API process runs at least once in two months), whole months of purged
 * alerts past retention are dropped, and so are audit months past the retention the operator set in the
 * database (none by default). Each step is its own transaction: creating and dropping partitions lock
 * their table briefly and exclusively.
 */
export async function maintainEventPartitions(db: Db, retentionDays: number): Promise<{ created: string[]; dropped: string[] }> {
  const created = [...(await db.tx((q) => ensureEventPartitions(q))), ...(await db.tx((q) => ensureAuditPartitions(q)))];
  if (created.length) log.info('partitions.created', { partitions: created.join(',') });
  const dropped = await db.tx((q) => dropPurgedEventMonths(q, retentionDays));
  if (dropped.length) log.info('partitions.dropped', { partitions: dropped.join(','), retentionDays });
  const auditDropped = await db.tx((q) => dropExpiredAuditMonths(q));
  if (auditDropped.length) log.info('partitions.dropped', { partitions: auditDropped.join(','), audit: true });
  dropped.push(...auditDropped);
  return { created, dropped };
}

/** A process's partition care: once at start, then every PARTITION_MAINTENANCE_MS on the retention job's ticks. */
export function partitionSchedule(db: Db, retentionDays: number, now = () => Date.now()) {
  let last = -Infinity;
  return async function maybeMaintain(): Promise<void> {
    if (now() - last < PARTITION_MAINTENANCE_MS) return;
    await maintainEventPartitions(db, retentionDays);
    last = now();
  };
}
