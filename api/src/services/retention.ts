import type { Db } from '../db/types.js';
import type { PrivacyConfig } from '../config.js';
import { cutDuressFromPhone, purgeClosedAlerts } from '../sql/privacy.js';
import { scrubDisk } from './diskScrub.js';
import { purgePinFailures } from '../sql/pinFailures.js';
import { PIN_LOCKOUT } from '../auth/pins.js';
import { log } from '../log.js';
import { partitionSchedule } from './eventPartitions.js';

/**
 * One pass: closed alerts older than the retention period lose their precise data, alerts cancelled with the
 * duress PIN that long ago leave the phone as the cancelled ones do (sql/privacy.ts, `cutDuressFromPhone`),
 * and wrong PINs that no longer count towards the cancel lockout are deleted (they only say that someone
 * guessed). When anything was purged the bytes are scrubbed from disk (services/diskScrub.ts). Returns
 * the number of alerts purged.
 */
export async function runRetention(db: Db, retentionDays: number): Promise<number> {
  const [n, cut] = await db.tx(async (q) => [await purgeClosedAlerts(q, { olderThanDays: retentionDays }), await cutDuressFromPhone(q, { olderThanDays: retentionDays })]);
  if (n > 0) log.info('retention.purged', { alerts: n, retentionDays });
  if (n > 0 || cut > 0) await scrubDisk(db);
  const pins = await purgePinFailures(db, PIN_LOCKOUT.windowSeconds);
  if (pins > 0) log.info('retention.pinFailuresPurged', { pinFailures: pins });
  return n;
}

/**
 * Runs in every process; `for update skip locked` keeps two passes from fighting over the same rows. The
 * event partitions are looked after at start and daily after a pass (services/eventPartitions.ts).
 */
export function startRetentionJob(db: Db, cfg: PrivacyConfig): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const partitions = partitionSchedule(db, cfg);
  const maintain = () => partitions().catch((err) => log.warn('partitions.failed', { err: err as Error }));
  const tick = () => {
    if (running) return;
    running = runRetention(db, cfg.retentionDays)
      .catch((err) => log.warn('retention.failed', { err: err as Error }))
      .then(maintain)
      .finally(() => (running = null));
  };
  running = maintain().finally(() => (running = null));
  const timer = setInterval(tick, cfg.retentionSweepMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
