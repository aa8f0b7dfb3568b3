import { SmsSendError, type SmsSender } from './sender.js';
import { sendDeadline } from './sendDeadline.js';

export interface TwilioRestOptions {
  accountSid: string;
  authToken: string;
  /** `https://api.twilio.com` in production; a local server speaking the same API in tests. */
  baseUrl: string;
  from: string;
  /** Where Twilio reports delivery (`POST /sms/status`), when the public URL is known. */
  statusCallback: string | null;
  timeoutMs: number;
}

/**
 * Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded, HTTP Basic with
 * the account SID and auth token). 5xx, 429, timeouts and network failures may be retried; other 4xx
 * (a bad number, a number that opted out at the carrier) will not change and are final.
 */
export function twilioSender(o: TwilioRestOptions): SmsSender {
  const url = `${o.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(o.accountSid)}/Messages.json`;
  const auth = 'Basic ' + Buffer.from(`${o.accountSid}:${o.authToken}`).toString('base64');
  return {
    name: 'twilio',
    async send(to, body) {
      const form = new URLSearchParams({ To: to, From: o.from, Body: body });
      if (o.statusCallback) form.set('StatusCallback', o.statusCallback);
      let res: Response;
      let text: string;
      // Not AbortSignal.timeout: a stall of our own thread must not count as the provider's (sendDeadline.ts).
      const deadline = sendDeadline(o.timeoutMs);
      try {
        res = await fetch(url, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: form, signal: deadline.signal });
        text = await res.text().catch(() => '');
      } catch (err) {
        throw new SmsSendError(`twilio unreachable: ${(err as Error).name}`, true);
      } finally {
        deadline.clear();
      }
      if (res.status === 201 || res.status === 200) {
        const sid = (JSON.parse(text) as { sid?: unknown }).sid;
        if (typeof sid === 'string' && sid) return { providerSid: sid };
        throw new SmsSendError('twilio answered without a message sid', true);
      }
      const code = safeCode(text);
      throw new SmsSendError(`twilio ${res.status}${code ? ` (code ${code})` : ''}`, res.status >= 500 || res.status === 429);
    },
  };
}

/** Twilio's numeric error code only: its message may quote the number. */
function safeCode(text: string): number | null {
  try {
    const c = (JSON.parse(text) as { code?: unknown }).code;
    return typeof c === 'number' ? c : null;
  } catch {
    return null;
  }
}
