import type { Db } from '../db/types.js';
import { log } from '../log.js';
import type { SmsConfig } from './config.js';
import { followEvents } from './follower.js';
import { claimDue, isOptedOut, markAttemptFailed, markSent } from './outboxSql.js';
import { forgetUnlinkedInbound } from './inboundSql.js';
import { sealLegacyContactPhones } from './contactPhones.js';
import type { PhoneVault } from './phoneVault.js';
import { SmsSendError, type SmsSender } from './sender.js';

const MAX_BACKOFF_MS = 3_600_000;

/** The wait before try `attempts + 1`: `base × 2^(attempts−1)`, capped at an hour; null once tries are used up. */
export function retryDelayMs(attempts: number, cfg: Pick<SmsConfig, 'maxAttempts' | 'retryBaseMs'>): number | null {
  if (attempts >= cfg.maxAttempts) return null;
  return Math.min(MAX_BACKOFF_MS, cfg.retryBaseMs * 2 ** (attempts - 1));
}

export interface SmsWorker {
  /** One round: follow new events into the outbox, then send what is due. Returns messages attempted. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Every process runs one: a loop (every `SMS_POLL_MS`) that follows alert events into the outbox and sends
 * due messages. Durable like the offer sweeper (DESIGN-NOTES §2): what is due lives in the rows, so a
 * killed process loses nothing; its claims run out and another process (or itself, restarted) takes them.
 */
export function startSmsWorker(db: Db, sender: SmsSender, vault: PhoneVault, cfg: SmsConfig, retentionDays = 30): SmsWorker {
  let stopped = false;
  let running: Promise<number> | null = null;
  // A claim outlives the send's deadline by a wide margin: a claim that ran out while its holder was still
  // writing SENT (a loaded embedded database was seen to take seconds) let a second process send it again.
  // The price: a dead process's claimed texts wait this long before another process sends them.
  const claimMs = cfg.sendTimeoutMs + 30_000;

  async function sendOne(m: Awaited<ReturnType<typeof claimDue>>[number]): Promise<void> {
    if (await isOptedOut(db, m.to_hmac)) return markAttemptFailed(db, m.id, 'the number opted out (STOP)', null);
    try {
      const { providerSid } = await sender.send(vault.open(m.to_enc), m.body);
      await markSent(db, m.id, providerSid);
    } catch (err) {
      const retryable = err instanceof SmsSendError ? err.retryable : false;
      const delay = retryable ? retryDelayMs(m.attempts, cfg) : null;
      await markAttemptFailed(db, m.id, (err as Error).message, delay);
      log.warn('sms.send_failed', { outboxId: m.id, attempts: m.attempts, retrying: delay !== null, reason: (err as Error).message.slice(0, 80) });
    }
  }

  let rounds = 0;
  async function round(): Promise<number> {
    // Now and then: inbound rows tied to no alert (STATUS, STOP, unknown words) leave after retention.
    if (rounds === 0) await sealLegacyContactPhones(db, vault); // rows from before migration 0017
    if (rounds++ % 600 === 0) await forgetUnlinkedInbound(db, retentionDays);
    while ((await followEvents(db, vault)) > 0 && !stopped);
    const due = await claimDue(db, 20, claimMs);
    await Promise.all(due.map(sendOne));
    return due.length;
  }

  const runOnce = () => {
    running ??= round().finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) runOnce().catch((err: Error) => log.error('sms.worker_failed', { errName: err.name, message: err.message.slice(0, 120) }));
  }, cfg.pollMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
