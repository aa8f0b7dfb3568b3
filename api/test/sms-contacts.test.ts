import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { randomUUID } from 'node:crypto';
import { eventually, operatorToken, personToken } from './support/server.js';
import { CITY, Q } from './support/dispatch.js';
import { messageSid, postSigned, twimlText, smsFixture } from './support/twilioFake.js';
import { PIN_LOCKOUT } from '../src/auth/pins.js';

/**
 * A registered person by SMS (docs/SMS.md): the phone linked with the app's code, their PINs by text
 * (duress and lockout as in the app), status changes texted back, and trusted contacts told of the raise
 * and of the close, but not of a duress cancel.
 */
describe.each(backends())('SMS for a registered person and their contacts on %s', (backend) => {
  const { f, k } = smsFixture(backend, 200);

  const ANA = '+12135550199';
  const LUIS = '+12135550198';
  const text = async (from: string, body: string) => {
    const r = await postSigned(f.server.url, '/sms/inbound', { From: from, To: '+15005550006', Body: body, MessageSid: messageSid() });
    expect(r.status, r.text).toBe(200);
    return twimlText(r.text);
  };
  const sentTo = (to: string) => f.fake.requests.filter((r) => r.to === to && r.status === 201).map((r) => r.body);
  const openAlertOf = async (personId: string) =>
    (await k.sql<{ id: string; duress: boolean; status: string }>(`select id, duress, status from alerts where person_id = $1 order by created_at desc limit 1`, [personId]))[0]!;

  /** Registers a person with two contacts (Ana opted in with her area, Luis not) and links `phone` by SMS. */
  async function linkedPerson(phone: string) {
    const input = {
      displayName: 'Rosa', preferredLanguage: 'es', cancelPin: '1234', duressPin: '9999',
      trustedContacts: [{ name: 'Ana', phone: ANA, notify: true, shareLocation: true }, { name: 'Luis', phone: LUIS }],
    };
    const { registerPerson } = await k.ok(Q.register, { input }, undefined as never);
    const { smsLinkCode } = await k.ok(`mutation { smsLinkCode { code expiresAt number } }`, {}, registerPerson.token);
    expect(smsLinkCode.number).toBe('+15005550006');
    expect(await text(phone, 'VINCULAR 0000000000')).toBe('Codigo no valido o vencido. Pida uno nuevo en la app.');
    expect(await text(phone, `vincular ${smsLinkCode.code}`)).toMatch(/^Numero vinculado/);
    const { me } = await k.ok(`{ me { smsLinked trustedContacts { name notify shareLocation } } }`, {}, registerPerson.token);
    expect(me).toEqual({ smsLinked: true, trustedContacts: [{ name: 'Ana', notify: true, shareLocation: true }, { name: 'Luis', notify: false, shareLocation: false }] });
    return registerPerson.person.id as string;
  }

  it('smsLinkCode for a token whose person does not exist (never registered, or erased) is NOT_FOUND, not a server error', async () => {
    const r = await k.call(`mutation { smsLinkCode { code } }`, {}, await personToken(randomUUID()));
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(r.data?.smsLinkCode ?? null).toBeNull();
  });

  it('raise: contacts who opted in are told (who, that the consulate knows, its phone, a coarse area); the console shows 1/1', async () => {
    const personId = await linkedPerson('+12135550101');
    const reply = await text('+12135550101', 'AYUDA 90210');
    const a = await openAlertOf(personId);
    expect(reply).toMatch(new RegExp(`^Alerta ${a.id.slice(0, 8)} recibida\\.`));
    await eventually(() => expect(sentTo(ANA).some((b) => b.startsWith('Alerta Consular: Rosa pidio ayuda'))).toBe(true));
    const toAna = sentTo(ANA).find((b) => b.startsWith('Alerta Consular: Rosa pidio ayuda'))!;
    // The 0.1° cell of the ZIP centroid (34.0901, -118.4065), never the point itself.
    expect(toAna).toMatch(/Consulado .* ya fue avisado\. \+?[\d-]+ Zona aproximada: 34\.05, -118\.45\.$/);
    expect(sentTo(LUIS)).toEqual([]);
    const seen = await k.ok<{ alert: { smsDelivery: unknown } }>(`query($id: ID!) { alert(id: $id) { smsDelivery { contactsNotified contactsTotal failures } } }`, { id: a.id }, await operatorToken('losangeles'));
    expect(seen.alert.smsDelivery).toEqual({ contactsNotified: 1, contactsTotal: 1, failures: 0 });
  });

  it('status changes reach the texting phone without the advisor\'s name; a real cancel is answered and contacts are told it closed', async () => {
    const phone = '+12135550102';
    const personId = await linkedPerson(phone);
    await text(phone, 'AYUDA 90210');
    const a = await openAlertOf(personId);
    const adv = await k.addAdvisor('losangeles', CITY.losangeles, { name: 'Maria Fernanda Lopez' });
    await k.ok(Q.assign, { id: a.id, advisorId: adv.id }, await operatorToken('losangeles'));
    await eventually(() => expect(sentTo(phone)).toContain(`Alerta ${a.id.slice(0, 8)}: un asesor del consulado tomo su caso.`));
    expect(sentTo(phone).join(' ')).not.toMatch(/Maria|Lopez/);
    expect(await text(phone, 'CANCELAR 1234')).toBe(`Alerta ${a.id.slice(0, 8)} cancelada.`);
    expect((await openAlertOf(personId)).status).toBe('CANCELLED');
    await eventually(() => expect(sentTo(ANA)).toContain('Alerta Consular: la alerta de Rosa se cerro.' + sentTo(ANA)[0]!.split('avisado.')[1]!.split(' Zona')[0]));
  });

  it('a duress cancel is answered exactly like a real one, and contacts get no "closed" text; the phone hears nothing more', async () => {
    const phone = '+12135550103';
    const personId = await linkedPerson(phone);
    await text(phone, 'AYUDA 90210');
    const a = await openAlertOf(personId);
    await eventually(async () => expect((await k.sql(`select 1 from sms_outbox where alert_id = $1 and audience = 'CONTACT_RAISED' and status = 'SENT'`, [a.id])).length).toBe(1));
    expect(await text(phone, 'CANCELAR 9999')).toBe(`Alerta ${a.id.slice(0, 8)} cancelada.`);
    expect(await text(phone, 'ESTADO')).toBe('No tiene alertas abiertas. Envie ALERTA y su codigo postal para pedir ayuda.');
    const after = await openAlertOf(personId);
    expect(after.duress).toBe(true);
    expect(after.status).not.toBe('CANCELLED');
    // The control room takes it on: the phone that "cancelled" is not told.
    const adv = await k.addAdvisor('losangeles', CITY.losangeles);
    await k.ok(Q.assign, { id: a.id, advisorId: adv.id }, await operatorToken('losangeles'));
    await f.server.sms.worker.runOnce();
    await f.server.sms.worker.runOnce();
    expect(await k.sql(`select audience from sms_outbox where alert_id = $1 order by id`, [a.id])).toEqual([{ audience: 'CONTACT_RAISED' }]);
    expect(sentTo(phone)).toEqual([]);
  });

  it('wrong PINs by SMS count towards the app\'s lockout; then every PIN gets the lockout reply', async () => {
    const phone = '+12135550104';
    const personId = await linkedPerson(phone);
    await text(phone, 'HELP 60629');
    for (let i = 0; i < PIN_LOCKOUT.maxFailures; i++) expect(await text(phone, `CANCEL ${5000 + i}`)).toBe('PIN incorrecto.'); // answered in the person's language
    for (const pin of ['1234', '9999', '5555']) expect(await text(phone, `CANCELAR ${pin}`)).toBe('Demasiados PIN incorrectos; intente mas tarde.');
    const a = await openAlertOf(personId);
    expect(a.status).not.toBe('CANCELLED');
    // The duress PIN during the lockout still reached the control room, silently.
    expect((await k.sql<{ flags: string[] }>(`select flags from alerts where id = $1`, [a.id]))[0]!.flags).toContain('DURESS_DURING_LOCKOUT');
  });
});
