import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { eventually, operatorToken } from './support/server.js';
import { messageSid, postSigned, twimlText, TWILIO_TOKEN, smsFixture } from './support/twilioFake.js';
import { ZIP_ACCURACY_M } from '../src/sms/zipLocator.js';

/**
 * SMS intake over the real server (docs/SMS.md): Twilio's signed webhook, the grammar's commands end to
 * end, and the bad input of issue 19. Outbound messages go to a local server speaking Twilio's API.
 */
describe.each(backends())('SMS intake on %s', (backend) => {
  const { f, k } = smsFixture(backend, 6);

  let phoneSeq = 0;
  const newPhone = () => `+1213555${String(1000 + ++phoneSeq).padStart(4, '0')}`;
  const text = async (from: string, body: string, sid = messageSid()) => {
    const r = await postSigned(f.server.url, '/sms/inbound', { From: from, To: '+15005550006', Body: body, MessageSid: sid });
    expect(r.status, r.text).toBe(200);
    return { sid, reply: twimlText(r.text), raw: r.text };
  };
  const count = async (table: string) => (await k.sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
  const alertOf = async (sid: string) =>
    (await k.sql<{ id: string; consulate_id: string; match_method: string; accuracy_m: number; status: string; note: string }>(
      `select a.id, a.consulate_id, a.match_method, a.accuracy_m, a.status, a.note from sms_inbound i join alerts a on a.id = i.alert_id where i.message_sid = $1`, [sid]))[0];

  it('refuses an unsigned or badly signed webhook with 403 and stores nothing', async () => {
    const [inbound, alerts] = [await count('sms_inbound'), await count('alerts')];
    const fields = { From: newPhone(), To: '+15005550006', Body: 'AYUDA 90210', MessageSid: messageSid() };
    expect((await postSigned(f.server.url, '/sms/inbound', fields, null)).status).toBe(403);
    expect((await postSigned(f.server.url, '/sms/inbound', fields, 'another-token-entirely-0123456789')).status).toBe(403);
    // Signed, then changed on the way: the signature covers the fields.
    const res = await fetch(f.server.url + '/sms/inbound', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': (await import('twilio')).default.getExpectedTwilioSignature(TWILIO_TOKEN, f.server.url + '/sms/inbound', fields) },
      body: new URLSearchParams({ ...fields, Body: 'CANCELAR 1234' }),
    });
    expect(res.status).toBe(403);
    expect((await postSigned(f.server.url, '/sms/status', { MessageSid: messageSid(), MessageStatus: 'delivered' }, null)).status).toBe(403);
    expect([await count('sms_inbound'), await count('alerts')]).toEqual([inbound, alerts]);
  });

  it('refuses an oversized body with 413 and malformed fields with 400, storing nothing', async () => {
    const before = await count('sms_inbound');
    const big = await postSigned(f.server.url, '/sms/inbound', { From: newPhone(), Body: 'A'.repeat(40_000), MessageSid: messageSid() });
    expect(big.status).toBe(413);
    expect((await postSigned(f.server.url, '/sms/inbound', { From: 'not a phone', Body: 'AYUDA', MessageSid: messageSid() })).status).toBe(400);
    expect((await postSigned(f.server.url, '/sms/inbound', { From: newPhone(), Body: 'AYUDA', MessageSid: 'SM-bad' })).status).toBe(400);
    expect((await postSigned(f.server.url, '/sms/inbound', { From: newPhone(), Body: 'Á'.repeat(1601), MessageSid: messageSid() })).status).toBe(400);
    expect(await count('sms_inbound')).toBe(before);
  });

  it('AYUDA <ZIP> raises an alert at the ZIP centroid, coarse, and answers the short code with the consulate and its phone', async () => {
    const from = newPhone();
    const { sid, reply } = await text(from, 'ayúda 90210');
    const a = (await alertOf(sid))!;
    expect(a.consulate_id).toBe('losangeles');
    expect(a.accuracy_m).toBe(ZIP_ACCURACY_M);
    expect(a.note).toBe('SMS: ZIP 90210');
    const office = (await k.sql<{ name: string; phone: string }>(`select name, phone from consulates where id = 'losangeles'`))[0]!;
    expect(reply).toBe(`Alerta ${a.id.slice(0, 8)} recibida. ${office.name}: ${office.phone}. ESTADO para seguirla; CANCELAR y su PIN para cancelarla.`);
    // The console sees how coarse the location is.
    const seen = await k.read(a.id, await operatorToken('losangeles'));
    expect(seen.id).toBe(a.id);
    const acc = await k.ok<{ alert: { location: { accuracyM: number } } }>(`query($id: ID!) { alert(id: $id) { location { accuracyM } } }`, { id: a.id }, await operatorToken('losangeles'));
    expect(acc.alert.location.accuracyM).toBe(ZIP_ACCURACY_M);
    // The number is stored only in protected form: nowhere in clear.
    const leaks = await k.sql(
      `select 1 from sms_inbound where phone_hmac like '%' || $1 || '%' union all select 1 from sms_reporters where phone_hmac || phone_enc like '%' || $1 || '%'
       union all select 1 from alerts where person_id like '%' || $1 || '%' union all select 1 from audit_log where actor_id like '%' || $1 || '%'`, [from.slice(2)]);
    expect(leaks).toEqual([]);
    expect((await k.sql(`select action from audit_log where subject_id = $1`, [a.id])).map((r) => r.action)).toContain('SMS_RAISE');
  });

  it('the same MessageSid delivered again gets the same reply and raises nothing more', async () => {
    const from = newPhone();
    const first = await text(from, 'ALERT 60629');
    const alerts = await count('alerts');
    const again = await text(from, 'ALERT 60629', first.sid);
    expect(again.raw).toBe(first.raw);
    expect(await count('alerts')).toBe(alerts);
    expect(first.reply).toMatch(/^Alert [0-9a-f]{8} received\./);
  });

  it('with no place the alert goes to CIAM by FALLBACK and the reply asks for a ZIP; a ZIP texted next moves it to its consulate', async () => {
    const from = newPhone();
    const first = await text(from, 'ALERTA');
    const a = (await alertOf(first.sid))!;
    expect([a.consulate_id, a.match_method]).toEqual(['ciam', 'FALLBACK']);
    expect(a.note).toMatch(/no usable location/);
    expect(first.reply).toContain('Envie ALERTA y su codigo postal (ZIP)');
    const second = await text(from, 'ALERTA 90210');
    expect(second.reply).toMatch(new RegExp(`^Alerta ${a.id.slice(0, 8)}: ubicacion actualizada\\.`));
    expect((await alertOf(first.sid))!.consulate_id).toBe('losangeles');
  });

  it('a ZIP that does not exist still raises (to CIAM) and the reply says the ZIP was not found', async () => {
    const { sid, reply } = await text(newPhone(), 'AYUDA 00000');
    expect((await alertOf(sid))!.match_method).toBe('FALLBACK');
    expect(reply).toContain('No encontramos ese codigo postal o lugar.');
  });

  it('emoji only, other scripts and unknown words get the help text and raise nothing', async () => {
    const alerts = await count('alerts');
    for (const body of ['🙏🆘', 'АЛЕРТА 90210', 'hola']) expect((await text(newPhone(), body)).reply).toMatch(/^Alerta Consular: ALERTA y su codigo postal/);
    expect((await text(newPhone(), 'HELP')).reply).toMatch(/STOP to opt out/);
    expect(await count('alerts')).toBe(alerts);
  });

  it('ESTADO tells the state of the open alert, or that there is none', async () => {
    const from = newPhone();
    expect((await text(from, 'ESTADO')).reply).toBe('No tiene alertas abiertas. Envie ALERTA y su codigo postal para pedir ayuda.');
    const { sid } = await text(from, 'AYUDA 90210');
    const a = (await alertOf(sid))!;
    expect((await text(from, 'estado')).reply).toMatch(new RegExp(`^Alerta ${a.id.slice(0, 8)}: recibida, buscando quien la atienda\\.`));
  });

  it('a flood from one number: past the limit nothing is answered, and a raise is never refused', async () => {
    const from = newPhone();
    const replies: Array<string | null> = [];
    for (let i = 0; i < 8; i++) replies.push((await text(from, 'ESTADO')).reply);
    expect(replies.slice(0, 6).every((r) => r !== null)).toBe(true);
    expect(replies.slice(6)).toEqual([null, null]);
    const raised = await text(from, 'AYUDA 90210');
    expect(raised.reply).toMatch(/^Alerta [0-9a-f]{8} recibida/);
    expect((await text(from, 'ESTADO')).reply).toBeNull();
    expect(await k.sql(`select action from audit_log where action = 'SMS_RATE_LIMITED'`)).not.toHaveLength(0);
  });

  it('an unregistered number cannot cancel (no PINs): the reply says the consulate will close it', async () => {
    const from = newPhone();
    const { sid } = await text(from, 'AYUDA 90210');
    expect((await text(from, 'CANCELAR')).reply).toBe('Envie CANCELAR y su PIN (4 a 8 digitos).');
    expect((await text(from, 'CANCELAR 1234')).reply).toMatch(/^Este numero no tiene PIN registrado/);
    expect((await alertOf(sid))!.status).not.toBe('CANCELLED');
  });

  it('STOP and START: an opted-out number is sent nothing until it opts back in', async () => {
    const from = newPhone();
    expect((await text(from, 'STOP')).reply).toMatch(/^Ya no recibira mensajes/);
    expect(await k.sql('select 1 from sms_optouts')).toHaveLength(1);
    expect((await text(from, 'START')).reply).toMatch(/^Recibira mensajes/);
    expect(await k.sql('select 1 from sms_optouts')).toHaveLength(0);
  });

  it('POST /sms/status (signed) marks a sent message delivered or failed', async () => {
    const phone = newPhone();
    const { sid } = await text(phone, 'AYUDA 90210');
    const a = (await alertOf(sid))!;
    await f.server.sms.worker.runOnce();
    const enc = f.server.sms.vault.seal(phone);
    await k.sql(`insert into sms_outbox (dedupe_key, alert_id, audience, to_hmac, to_enc, body) values ('t:status', $1, 'REPORTER', $2, $3, 'x')`, [a.id, f.server.sms.vault.hmac(phone), enc]);
    await eventually(async () => expect((await k.sql(`select status from sms_outbox where dedupe_key = 't:status'`))[0].status).toBe('SENT'));
    const [{ provider_sid: providerSid }] = await k.sql(`select provider_sid from sms_outbox where dedupe_key = 't:status'`);
    const status = (s: string, extra: Record<string, string> = {}) => postSigned(f.server.url, '/sms/status', { MessageSid: providerSid, MessageStatus: s, ...extra });
    expect((await status('delivered')).status).toBe(204);
    expect((await k.sql(`select status from sms_outbox where dedupe_key = 't:status'`))[0].status).toBe('DELIVERED');
    expect((await status('undelivered', { ErrorCode: '30003' })).status).toBe(204);
    expect(await k.sql(`select status, last_error from sms_outbox where dedupe_key = 't:status'`)).toEqual([{ status: 'FAILED', last_error: 'carrier: undelivered (code 30003)' }]);
  });
});
