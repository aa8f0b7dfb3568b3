import express from 'express';
import twilio from 'twilio';
import type { Db } from '../db/types.js';
import type { DispatchConfig } from '../config.js';
import type { SmsConfig } from '../sms/config.js';
import { handleInbound } from '../sms/inbound.js';
import { linkGuard } from '../sms/linkGuard.js';
import { applyDeliveryStatus } from '../sms/outboxSql.js';
import { normalisePhone, type PhoneVault } from '../sms/phoneVault.js';
import { log } from '../log.js';

/** Twilio's form posts are small: 1,600 four-byte characters percent-encoded are under 20 kB, plus a few short fields. */
export const SMS_WEBHOOK_BODY_LIMIT = '32kb';
const MAX_SMS_BODY_CHARS = 1_600;
const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/;

export interface SmsRouteDeps {
  db: Db;
  dispatch: DispatchConfig;
  sms: SmsConfig;
  vault: PhoneVault;
}

/**
 * `POST /sms/inbound` (Twilio's inbound-message webhook, answered with TwiML) and `POST /sms/status`
 * (delivery reports). Cheapest checks first, before any database work: the size (413) and form limits
 * while parsing, then the signature (403), then the fields (400).
 */
export function smsRouter(deps: SmsRouteDeps): express.Router {
  const router = express.Router();
  // One budget of wrong link codes per process (and one in the database for all of them).
  const guard = linkGuard({ budget: deps.sms.linkFailureBudget, windowMs: deps.sms.linkWindowMs });
  const form = express.urlencoded({ extended: false, limit: SMS_WEBHOOK_BODY_LIMIT, parameterLimit: 50 });
  router.post('/sms/inbound', form, signed(deps.sms), async (req, res, next) => {
    const { From: from, To: to, MessageSid: sid, Body: body } = req.body as Record<string, unknown>;
    const e164 = typeof from === 'string' ? normalisePhone(from) : null;
    if (typeof sid !== 'string' || !MESSAGE_SID.test(sid) || e164 === null || typeof body !== 'string' || [...body].length > MAX_SMS_BODY_CHARS) {
      res.status(400).type('text/plain').send('expected From (a phone number), MessageSid and Body (at most 1600 characters)');
      return;
    }
    // The last field check, still before any database work. Signed by the account, but for another of its
    // numbers (a webhook pointed here by mistake, or on purpose): not ours to answer. An empty TwiML, so Twilio neither retries nor texts back; nothing stored.
    if (!isServiceNumber(to, deps.sms.number)) {
      log.warn('sms.other_number', { to: typeof to === 'string' ? `…${to.slice(-2)}` : null });
      res.type('text/xml').send(new twilio.twiml.MessagingResponse().toString());
      return;
    }
    try {
      const reply = await handleInbound({ db: deps.db, dispatch: deps.dispatch, vault: deps.vault, inboundPer10Min: deps.sms.inboundPer10Min, linkGuard: guard }, { messageSid: sid, from: e164, body: body.replaceAll('\u0000', '') });
      const twiml = new twilio.twiml.MessagingResponse();
      if (reply) twiml.message(reply);
      res.type('text/xml').send(twiml.toString());
    } catch (err) {
      next(err);
    }
  });
  router.post('/sms/status', form, signed(deps.sms), async (req, res, next) => {
    const { MessageSid: sid, MessageStatus: status, ErrorCode: code } = req.body as Record<string, unknown>;
    if (typeof sid !== 'string' || !MESSAGE_SID.test(sid) || typeof status !== 'string') {
      res.status(400).type('text/plain').send('expected MessageSid and MessageStatus');
      return;
    }
    try {
      const final = status === 'delivered' ? 'DELIVERED' : status === 'failed' || status === 'undelivered' ? 'FAILED' : null;
      if (final) await applyDeliveryStatus(deps.db, sid, final, final === 'FAILED' ? `carrier: ${status}${typeof code === 'string' && /^\d{1,6}$/.test(code) ? ` (code ${code})` : ''}` : null);
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  });
  return router;
}

/** Whether `To` is SMS_NUMBER (E.164 compared normalised; a short code as is). Without SMS_NUMBER, nothing is. */
export function isServiceNumber(to: unknown, number: string | null): boolean {
  if (typeof to !== 'string' || !number) return false;
  return to === number || (normalisePhone(to) !== null && normalisePhone(to) === normalisePhone(number));
}

/** X-Twilio-Signature over the URL Twilio called and the posted fields, with the official package. */
function signed(cfg: SmsConfig): express.RequestHandler {
  return (req, res, next) => {
    const signature = req.get('x-twilio-signature');
    const url = (cfg.publicUrl ?? `${req.protocol}://${req.get('host') ?? ''}`) + req.originalUrl;
    const params = (req.body ?? {}) as Record<string, string>;
    if (!cfg.twilioAuthToken || !signature || !twilio.validateRequest(cfg.twilioAuthToken, signature, url, params)) {
      log.warn('sms.signature_refused', { path: req.path, signed: Boolean(signature) });
      res.status(403).type('text/plain').send('invalid or missing X-Twilio-Signature');
      return;
    }
    next();
  };
}
