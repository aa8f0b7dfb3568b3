import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { backends, cloneTestDb, insertBareAlert, type TestDb } from './support/db.js';
import { eventually } from './support/server.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SERVICE_NUMBER, smsTestConfig, startFakeTwilio, TWILIO_SID, TWILIO_TOKEN, type FakeTwilio } from './support/twilioFake.js';
import { claimDue, deliverySummary, enqueue } from '../src/sms/outboxSql.js';
import { retryDelayMs, startSmsWorker, type SmsWorker } from '../src/sms/outboxWorker.js';
import { phoneVault } from '../src/sms/phoneVault.js';
import { twilioSender } from '../src/sms/twilioSender.js';
import { purgeClosedAlerts } from '../src/sql/privacy.js';
import type { SmsConfig } from '../src/sms/config.js';

/** The outbox (docs/SMS.md, Delivery): once across restarts and concurrent processes, backoff, give-up. */
describe('retry delays', () => {
  it('double from the base each try and stop after SMS_MAX_ATTEMPTS', () => {
    const cfg = { maxAttempts: 4, retryBaseMs: 1000 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, cfg))).toEqual([1000, 2000, 4000, null]);
  });
});

describe('the send deadline', () => {
  it('a stall of our own thread longer than the deadline does not turn an accepted text into a timeout (a retry would send it twice)', async () => {
    let received = 0;
    // Answers at once, then keeps this thread busy for longer than the deadline, as a long embedded query would,
    // while the answer sits in the sender's socket.
    const busy = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received += 1;
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: 'SM' + 'a'.repeat(32) }));
        const until = Date.now() + 2_500;
        while (Date.now() < until);
      });
    });
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(busy.address() as AddressInfo).port}`;
      // A deadline ample for a loaded machine, but well under the stall.
      const sender = twilioSender({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, baseUrl, from: SERVICE_NUMBER, statusCallback: null, timeoutMs: 1_000 });
      await expect(sender.send('+13105550100', 'stall')).resolves.toEqual({ providerSid: 'SM' + 'a'.repeat(32) });
      expect(received).toBe(1);
    } finally {
      busy.closeAllConnections();
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('still times out when the provider does not answer', async () => {
    const silent = createServer(() => undefined); // takes the request, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const sender = twilioSender({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, baseUrl, from: SERVICE_NUMBER, statusCallback: null, timeoutMs: 300 });
      const started = Date.now();
      await expect(sender.send('+13105550100', 'silent')).rejects.toMatchObject({ name: 'SmsSendError', retryable: true });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe.each(backends())('SMS outbox on %s', (backend) => {
  let t: TestDb;
  let fake: FakeTwilio;
  let cfg: SmsConfig;
  const vault = phoneVault('outbox-test-key-that-is-long-enough-0123');
  const workers: SmsWorker[] = [];
  beforeAll(async () => {
    fake = await startFakeTwilio();
    t = await cloneTestDb(backend);
    cfg = smsTestConfig(fake.url);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t?.dispose();
    await fake?.close();
  });
  const worker = () => {
    const sender = twilioSender({ accountSid: cfg.twilioAccountSid!, authToken: cfg.twilioAuthToken!, baseUrl: cfg.twilioApiBaseUrl, from: cfg.number!, statusCallback: null, timeoutMs: 2000 });
    const w = startSmsWorker(t.db, sender, vault, cfg);
    workers.push(w);
    return w;
  };
  const put = async (tag: string, n = 1, to = '+13105550100', alertId: string | null = null) => {
    const rows = Array.from({ length: n }, (_, i) => ({ dedupeKey: `${tag}:${i}`, alertId, audience: 'REPORTER' as const, toHmac: vault.hmac(to), toEnc: vault.seal(to), body: `${tag} ${i}` }));
    await enqueue(t.db, rows);
    await enqueue(t.db, rows); // enqueueing again changes nothing
  };
  const rows = (tag: string) =>
    t.db.query<{ status: string; attempts: number; last_error: string | null }>(`select status, attempts, last_error from sms_outbox where dedupe_key like $1 || ':%' order by id`, [tag]).then((r) => r.rows);
  const requestsFor = (tag: string) => fake.requests.filter((r) => r.body.startsWith(tag + ' '));

  it('a message claimed by a process that died is sent once, by the next one; a restart sends nothing again', async () => {
    await put('restart', 3);
    // A process claims one message and dies before sending it: its claim runs out.
    expect(await claimDue(t.db, 1, 200)).toHaveLength(1);
    const a = worker();
    await eventually(async () => expect((await rows('restart')).map((r) => r.status)).toEqual(['SENT', 'SENT', 'SENT']));
    await a.stop();
    const b = worker(); // the restarted process
    await b.runOnce();
    await b.runOnce();
    await b.stop();
    expect(requestsFor('restart').map((r) => r.body).sort()).toEqual(['restart 0', 'restart 1', 'restart 2']);
    expect(requestsFor('restart').every((r) => r.to === '+13105550100' && r.authorised)).toBe(true);
  });

  // On PGlite too: two workers there sent 16 texts as 35 requests, all accepted, because a long synchronous
  // query of the embedded database made the send's deadline fire on answers already received (sendDeadline.ts).
  it('two workers on one outbox send each message exactly once (PostgreSQL: processes share it; PGlite: one thread)', { timeout: 90_000 }, async () => {
    await put('pair', 16);
    const [a, b] = [worker(), worker()];
    try {
      // Generous: the embedded database on a loaded machine takes its time; what matters is the count.
      await eventually(async () => expect((await rows('pair')).every((r) => r.status === 'SENT')).toBe(true), 60_000);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(requestsFor('pair')).toHaveLength(16);
    expect(new Set(requestsFor('pair').map((r) => r.body)).size).toBe(16);
  });

  it('5xx answers are retried with growing waits until one is accepted', async () => {
    fake.failNext(500, 503);
    await put('retry');
    const w = worker();
    await eventually(async () => expect(await rows('retry')).toEqual([{ status: 'SENT', attempts: 3, last_error: null }]));
    await w.stop();
    const at = requestsFor('retry').map((r) => r.at);
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(cfg.retryBaseMs - 5);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(2 * cfg.retryBaseMs - 5);
  });

  it('gives up after SMS_MAX_ATTEMPTS with a visible failure; a 4xx refusal is final at once', async () => {
    const alertId = await insertBareAlert(t.db, `p-${randomUUID()}`);
    fake.failNext(502, 502, 502);
    await put('giveup', 1, '+13105550100', alertId);
    const w = worker();
    await eventually(async () => expect(await rows('giveup')).toEqual([{ status: 'FAILED', attempts: cfg.maxAttempts, last_error: 'twilio 502 (code 20502)' }]));
    expect((await deliverySummary(t.db, [alertId])).get(alertId)).toMatchObject({ failures: 1 });
    fake.failNext(400);
    await put('refused');
    await eventually(async () => expect(await rows('refused')).toEqual([{ status: 'FAILED', attempts: 1, last_error: 'twilio 400 (code 20500)' }]));
    await w.stop();
    expect(requestsFor('refused')).toHaveLength(1);
  });

  it('sends nothing to a number that texted STOP', async () => {
    await t.db.query('insert into sms_optouts (phone_hmac) values ($1)', [vault.hmac('+13105550111')]);
    await put('optout', 1, '+13105550111');
    const w = worker();
    await eventually(async () => expect(await rows('optout')).toEqual([{ status: 'FAILED', attempts: 1, last_error: 'the number opted out (STOP)' }]));
    await w.stop();
    expect(requestsFor('optout')).toEqual([]);
  });

  it('the numbers and texts of an alert go when the alert is purged (retention or erasure)', async () => {
    const personId = `p-${randomUUID()}`;
    const alertId = await insertBareAlert(t.db, personId);
    await t.db.query(`insert into sms_reporters (alert_id, phone_hmac, phone_enc, language) values ($1, 'h', 'e', 'es')`, [alertId]);
    await t.db.query(`insert into sms_inbound (message_sid, phone_hmac, command, alert_id, reply) values ($1, 'h', 'RAISE', $2, 'r')`, [`SM${randomUUID().replaceAll('-', '')}`, alertId]);
    await put('purge', 2, '+13105550100', alertId);
    await t.db.query(`update alerts set status = 'RESOLVED', closed_at = now() where id = $1`, [alertId]);
    expect(await t.db.tx((q) => purgeClosedAlerts(q, { personId }))).toBe(1);
    const left = await t.db.query(
      `select (select count(*)::int from sms_reporters where alert_id = $1) as reporters, (select count(*)::int from sms_outbox where alert_id = $1) as outbox,
              (select count(*)::int from sms_inbound where alert_id = $1 and phone_hmac <> 'purged') as inbound`, [alertId]);
    expect(left.rows[0]).toEqual({ reporters: 0, outbox: 0, inbound: 0 });
  });
});
