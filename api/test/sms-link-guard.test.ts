import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { Q } from './support/dispatch.js';
import { messageSid, postSigned, SERVICE_NUMBER, twimlText, smsFixture } from './support/twilioFake.js';
import { linkGuard } from '../src/sms/linkGuard.js';

/**
 * Who may use the inbound webhook, and how far link codes can be guessed (docs/SMS.md, "The webhooks" and
 * "Guessing link codes"): a signed message for another number of the account changes nothing; wrong
 * VINCULAR codes from any numbers share one budget per window, after which no code is checked.
 */
const BUDGET = 3;
const WINDOW_S = 4;

describe.each(backends())('SMS webhook number and link-code budget on %s', (backend) => {
  const { f, k } = smsFixture(backend, 50, { SMS_LINK_FAILURES_PER_WINDOW: String(BUDGET), SMS_LINK_WINDOW_S: String(WINDOW_S) });

  let seq = 0;
  const newPhone = () => `+1323555${String(2000 + ++seq).padStart(4, '0')}`;
  const post = (fields: Record<string, string>) => postSigned(f.server.url, '/sms/inbound', fields);
  const text = async (from: string, body: string) => {
    const r = await post({ From: from, To: SERVICE_NUMBER, Body: body, MessageSid: messageSid() });
    expect(r.status, r.text).toBe(200);
    return twimlText(r.text);
  };
  const counts = async () =>
    (await k.sql<{ inbound: number; alerts: number; audit: number; outbox: number }>(
      `select (select count(*)::int from sms_inbound) as inbound, (select count(*)::int from alerts) as alerts,
              (select count(*)::int from audit_log) as audit, (select count(*)::int from sms_outbox) as outbox`))[0]!;

  it('a signed message for another number of the account (or with no To) is answered with an empty TwiML and changes nothing', async () => {
    const before = await counts();
    for (const to of ['+15005550007', '', null]) {
      const fields: Record<string, string> = { From: newPhone(), Body: 'AYUDA 90210', MessageSid: messageSid() };
      if (to !== null) fields.To = to;
      const r = await post(fields);
      expect(r.status, r.text).toBe(200);
      expect(r.text).toContain('<Response/>');
      expect(twimlText(r.text)).toBeNull();
    }
    expect(await counts()).toEqual(before);
    // The same message to the service's number is handled: the check is not refusing everything.
    expect(await text(newPhone(), 'ESTADO')).toMatch(/^No tiene alertas abiertas/);
  });

  it('wrong codes from many numbers trip one budget; then even the right code gets "try later" until the window passes', { timeout: 60_000 }, async () => {
    const { registerPerson } = await k.ok(Q.register, { input: { cancelPin: '1234', duressPin: '9999' } }, undefined as never);
    const person = registerPerson.token as string;
    const { smsLinkCode } = await k.ok(`mutation { smsLinkCode { code } }`, {}, person);
    expect(smsLinkCode.code).toMatch(/^\d{10}$/);
    const wrong = smsLinkCode.code === '0000000000' ? '0000000001' : '0000000000';
    // A malformed code is no guess: it does not use the budget.
    expect(await text(newPhone(), 'VINCULAR 1234')).toBe('Codigo no valido o vencido. Pida uno nuevo en la app.');
    const firstGuessAt = Date.now();
    for (let i = 0; i < BUDGET; i++) expect(await text(newPhone(), `VINCULAR ${wrong}`)).toBe('Codigo no valido o vencido. Pida uno nuevo en la app.');
    const later = 'No podemos vincular numeros en este momento; intente mas tarde.';
    expect(await text(newPhone(), `VINCULAR ${wrong}`)).toBe(later);
    const phone = newPhone();
    expect(await text(phone, `VINCULAR ${smsLinkCode.code}`)).toBe(later);
    expect(await text(phone, `LINK ${smsLinkCode.code}`)).toBe('We cannot link numbers right now; try again later.');
    expect((await k.ok(`{ me { smsLinked } }`, {}, person)).me.smsLinked).toBe(false);
    // Database-backed: another process (a fresh guard, nothing counted in it) sees the same budget used up.
    expect(await linkGuard({ budget: BUDGET, windowMs: WINDOW_S * 1000 }).open(f.t.db)).toBe(false);
    expect(await linkGuard({ budget: BUDGET + 1, windowMs: WINDOW_S * 1000 }).open(f.t.db)).toBe(true);
    // Refusals while tripped are not failures: they do not keep it tripped. Once the window has moved past
    // the wrong codes, the right one links.
    let reply: string | null = later;
    const deadline = Date.now() + 30_000;
    while (reply === later && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      reply = await text(phone, `VINCULAR ${smsLinkCode.code}`);
    }
    expect(reply).toMatch(/^Numero vinculado/);
    // Not before the oldest wrong code left the window (the guard's clock and the database's are one machine's).
    expect(Date.now() - firstGuessAt).toBeGreaterThanOrEqual(WINDOW_S * 1000 - 200);
    expect((await k.ok(`{ me { smsLinked } }`, {}, person)).me.smsLinked).toBe(true);
  });
});
