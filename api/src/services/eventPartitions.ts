import type { Db, Queryable } from '../db/types.js';
import {
  dropClosedIncidentEventMonths,
  dropExpiredAuditMonths,
  dropPurgedEventMonths,
  ensureAuditPartitions,
  ensureEventPartitions,
  ensureIncidentEventPartitions,
} from '../sql/partitions.js';
import { log } from '../log.js';
import type { PrivacyConfig } from '../config.js';
import { forgetOldHistory } from './history.js';

/** How often a process looks after the partitions: months are created two ahead, so a day is ample. */
export const PARTITION_MAINTENANCE_MS = 86_400_000;

/**
 * One pass: the months ahead exist, of the alert history, the incident history and the audit log (so rows
 * never land in a default partition while any API process runs at least once in two months); whole months
 * past retention are dropped: of the alert history once their alerts are purged, of the incident history
 * once their incidents closed before the window, and of the audit log past the retention the operator set
 * in the database (none by default). Each step is its own transaction: creating and dropping partitions
 * lock their table briefly and exclusively.
 */
export async function maintainEventPartitions(db: Db, retentionDays: number): Promise<{ created: string[]; dropped: string[] }> {
  const created: string[] = [];
  for (const ensure of [ensureEventPartitions, ensureIncidentEventPartitions, ensureAuditPartitions]) created.push(...(await db.tx((q) => ensure(q))));
  if (created.length) log.info('partitions.created', { partitions: created.join(',') });
  const dropped: string[] = [];
  const drops = [(q: Queryable) => dropPurgedEventMonths(q, retentionDays), (q: Queryable) => dropClosedIncidentEventMonths(q, retentionDays), dropExpiredAuditMonths];
  for (const drop of drops) dropped.push(...(await db.tx(drop)));
  if (dropped.length) log.info('partitions.dropped', { partitions: dropped.join(','), retentionDays });
  return { created, dropped };
}

/**
 * A process's daily care: once at start, then every PARTITION_MAINTENANCE_MS on the retention job's ticks,
 * the partitions, then the alerts' horizon (services/history.ts), which needs the months dropped first.
 */
export function partitionSchedule(db: Db, cfg: Pick<PrivacyConfig, 'retentionDays' | 'historyDays'>, now = () => Date.now()) {
  let last = -Infinity;
  return async function maybeMaintain(): Promise<void> {
    if (now() - last < PARTITION_MAINTENANCE_MS) return;
    await maintainEventPartitions(db, cfg.retentionDays);
    await forgetOldHistory(db, cfg.historyDays);
    last = now();
  };
}
