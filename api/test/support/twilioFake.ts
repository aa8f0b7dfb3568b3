import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll } from 'vitest';
import { loadSmsConfig, type SmsConfig } from '../../src/sms/config.js';
import type { BackendKind } from '../../src/db/types.js';
import { cloneTestDb } from './db.js';
import { dispatchKit, type Fixture } from './dispatch.js';
import { startTestServer } from './server.js';

export const TWILIO_TOKEN = 'test-twilio-auth-token-0123456789';
export const TWILIO_SID = 'AC00000000000000000000000000000000';
export const SERVICE_NUMBER = '+15005550006';

export interface FakeTwilio {
  url: string;
  /** Messages the fake accepted or refused, in order: the To, the Body and the status it answered. */
  requests: Array<{ to: string; body: string; status: number; authorised: boolean; at: number }>;
  /** Statuses to answer next, in order (then 201 for ever). */
  failNext(...statuses: number[]): void;
  close(): Promise<void>;
}

/** A local server speaking Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`). */
export async function startFakeTwilio(): Promise<FakeTwilio> {
  const requests: FakeTwilio['requests'] = [];
  const queue: number[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const form = new URLSearchParams(raw);
      const authorised = req.headers.authorization === 'Basic ' + Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString('base64');
      const okPath = req.method === 'POST' && req.url === `/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`;
      const status = !okPath ? 404 : !authorised ? 401 : (queue.shift() ?? 201);
      requests.push({ to: form.get('To') ?? '', body: form.get('Body') ?? '', status, authorised, at: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json' });
      n += 1;
      res.end(JSON.stringify(status === 201 ? { sid: `SM${n.toString(16).padStart(32, '0')}`, status: 'queued' } : { code: 20500 + (status % 100), message: 'refused' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failNext: (...s) => queue.push(...s),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** SMS settings for tests: Twilio through the fake, quick polling and retries. */
export function smsTestConfig(fakeUrl: string, over: Record<string, string> = {}): SmsConfig {
  return loadSmsConfig(
    { TWILIO_ACCOUNT_SID: TWILIO_SID, TWILIO_AUTH_TOKEN: TWILIO_TOKEN, TWILIO_API_BASE_URL: fakeUrl, SMS_NUMBER: SERVICE_NUMBER, SMS_POLL_MS: '50', SMS_RETRY_BASE_MS: '50', SMS_MAX_ATTEMPTS: '3', SMS_SEND_TIMEOUT_MS: '2000', ...over },
    'test-secret-that-is-at-least-32-characters-long',
    false,
  );
}

/** Posts a form to the server as Twilio would, signed with `token` (or unsigned when null). */
export async function postSigned(serverUrl: string, path: string, fields: Record<string, string>, token: string | null = TWILIO_TOKEN) {
  const url = serverUrl + path;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token) headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(token, url, fields);
  const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(fields) });
  return { status: res.status, text: await res.text() };
}

let sidCounter = 0;
/** A fresh, well-formed MessageSid. */
export const messageSid = () => `SM${(Date.now() * 1000 + ++sidCounter).toString(16).padStart(32, '0')}`;

/** The text of a TwiML reply's message, or null when it has none. */
export function twimlText(xml: string): string | null {
  const m = /<Message>([\s\S]*?)<\/Message>/.exec(xml);
  return m ? m[1]!.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&') : null;
}

/**
 * A test server with SMS on, its outbound texts going to a local fake of Twilio's API, and nobody on duty
 * (alerts wait for the test's own advisors). `inboundPer10Min`: the flood limit per number; `over`: other settings.
 */
export function smsFixture(backend: BackendKind, inboundPer10Min: number, over: Record<string, string> = {}) {
  const f = {} as Fixture & { fake: FakeTwilio };
  beforeAll(async () => {
    f.fake = await startFakeTwilio();
    f.t = await cloneTestDb(backend);
    f.server = await startTestServer(f.t.db, { sms: smsTestConfig(f.fake.url, { SMS_INBOUND_PER_10_MIN: String(inboundPer10Min), ...over }) });
  });
  afterAll(async () => {
    await f.server?.close();
    await f.t?.dispose();
    await f.fake?.close();
  });
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());
  return { f, k };
}
