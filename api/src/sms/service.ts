import type { Db } from '../db/types.js';
import type { Config } from '../config.js';
import { startSmsWorker, type SmsWorker } from './outboxWorker.js';
import { phoneVault, type PhoneVault } from './phoneVault.js';
import { consoleSender, type SmsSender } from './sender.js';
import { twilioSender } from './twilioSender.js';

export interface SmsRuntime {
  worker: SmsWorker;
  vault: PhoneVault;
  sender: SmsSender;
  stop(): Promise<void>;
}

/**
 * The SMS part of a server process: the outbox worker and the parts its webhooks need (docs/SMS.md).
 * The webhooks themselves are an HTTP adapter (http/smsRoutes.ts) the server mounts over these.
 */
export function startSms(db: Db, config: Config): SmsRuntime {
  const cfg = config.sms;
  const vault = phoneVault(cfg.phoneKey);
  const sender =
    cfg.sender === 'twilio'
      ? twilioSender({
          accountSid: cfg.twilioAccountSid!,
          authToken: cfg.twilioAuthToken!,
          baseUrl: cfg.twilioApiBaseUrl,
          from: cfg.number!,
          statusCallback: cfg.publicUrl ? `${cfg.publicUrl}/sms/status` : null,
          timeoutMs: cfg.sendTimeoutMs,
        })
      : consoleSender();
  const worker = startSmsWorker(db, sender, vault, cfg, config.privacy.retentionDays);
  return { worker, vault, sender, stop: () => worker.stop() };
}
