import { intEnv } from '../envValues.js';

/** SMS intake and delivery (docs/SMS.md, docs/CONFIGURATION.md). */
export interface SmsConfig {
  /** `twilio` when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set (or SMS_SENDER=twilio), else `console`. */
  sender: 'console' | 'twilio';
  twilioAccountSid: string | null;
  /** Verifies X-Twilio-Signature on /sms/inbound and /sms/status; without it every webhook call is 403. */
  twilioAuthToken: string | null;
  twilioApiBaseUrl: string;
  /** The service's number: people text it, and messages are sent from it. */
  number: string | null;
  /** The public base URL Twilio calls (signatures cover the full URL); null: taken from the request. */
  publicUrl: string | null;
  /** Secret for the phone numbers' HMAC and encryption keys (phoneVault.ts). */
  phoneKey: string;
  inboundPer10Min: number;
  /** Wrong link codes accepted from all numbers together per `linkWindowMs` (linkGuard.ts). */
  linkFailureBudget: number;
  linkWindowMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  sendTimeoutMs: number;
  pollMs: number;
}

export function loadSmsConfig(env: NodeJS.ProcessEnv, jwtSecret: string, production: boolean): SmsConfig {
  const sid = env.TWILIO_ACCOUNT_SID || null;
  const token = env.TWILIO_AUTH_TOKEN || null;
  const chosen = env.SMS_SENDER || (sid && token ? 'twilio' : 'console');
  if (chosen !== 'console' && chosen !== 'twilio') throw new Error(`SMS_SENDER must be console or twilio, got "${chosen}"`);
  if (chosen === 'twilio' && !(sid && token && env.SMS_NUMBER)) throw new Error('SMS_SENDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and SMS_NUMBER');
  const phoneKey = env.SMS_PHONE_KEY || '';
  if (phoneKey && phoneKey.length < 32) throw new Error('SMS_PHONE_KEY must be at least 32 characters');
  if (!phoneKey && production && token) throw new Error('SMS_PHONE_KEY (at least 32 characters) is required when NODE_ENV=production and SMS is on');
  const publicUrl = env.SMS_PUBLIC_URL ? env.SMS_PUBLIC_URL.replace(/\/+$/, '') : null;
  if (publicUrl && !/^https?:\/\/[^/]+$/.test(publicUrl)) throw new Error(`SMS_PUBLIC_URL must be a scheme and host, like https://alerta.example.org, got "${publicUrl}"`);
  return {
    sender: chosen,
    twilioAccountSid: sid,
    twilioAuthToken: token,
    twilioApiBaseUrl: env.TWILIO_API_BASE_URL || 'https://api.twilio.com',
    number: env.SMS_NUMBER || null,
    publicUrl,
    // Development: derived from the JWT secret (HKDF separates the uses); production sets its own.
    phoneKey: phoneKey || `jwt:${jwtSecret}`,
    inboundPer10Min: intEnv(env, 'SMS_INBOUND_PER_10_MIN', 10, 1, 1000),
    linkFailureBudget: intEnv(env, 'SMS_LINK_FAILURES_PER_WINDOW', 30, 1, 1000),
    linkWindowMs: intEnv(env, 'SMS_LINK_WINDOW_S', 3600, 1, 86_400) * 1000,
    maxAttempts: intEnv(env, 'SMS_MAX_ATTEMPTS', 5, 1, 20),
    retryBaseMs: intEnv(env, 'SMS_RETRY_BASE_MS', 5_000, 10, 3_600_000),
    sendTimeoutMs: intEnv(env, 'SMS_SEND_TIMEOUT_MS', 10_000, 100, 120_000),
    pollMs: intEnv(env, 'SMS_POLL_MS', 1_000, 20, 60_000),
  };
}
