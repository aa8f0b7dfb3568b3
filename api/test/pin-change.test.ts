import { describe, expect, it, beforeAll } from 'vitest';
import { backends } from './support/db.js';
import { operatorToken, personToken, serverFixture, testConfig } from './support/server.js';
import { Q, dispatchKit, errorCode } from './support/dispatch.js';
import { normalise, overHttp, overWs } from './support/phoneViews.js';
import { PIN_LOCKOUT } from '../src/auth/pins.js';
import { randomUUID } from 'node:crypto';

/**
 * PINs change only with the current cancel PIN (docs/SECURITY.md, Abuse): a wrong one is refused and counted
 * in the same lockout as cancelAlert; the duress PIN there "succeeds" as the cancel PIN does, flags the
 * person's open alert silently, and the PINs chosen then act as duress. Without PINs the phone cannot cancel.
 */
const CANCEL = '1234';
const DURESS = '9999';
const UPDATE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName preferredLanguage trustedContacts { name phone } } }`;
const LA = { lat: 34.05, lon: -118.25 };

describe.each(backends())('changing PINs on %s', (backend) => {
  const f = serverFixture(backend, { privacy: { ...testConfig().privacy, registrationsPerHour: 1000 } });
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());
  const person = () => k.register(CANCEL, DURESS);
  const change = (tok: string, input: Record<string, unknown>) => k.call(UPDATE, { input: { preferredLanguage: 'en', ...input } }, tok);
  const cancel = (id: string, pin: string, tok: string) => k.call(Q.cancel, { id, pin }, tok);
  const PHONE = `query($id: ID!) { alert(id: $id) { status duress flags offerCount events { type toStatus note } } }`;

  it('without the current PIN, or with a wrong one, nothing changes, over HTTP and WebSocket; wrong ones count in the cancel lockout', async () => {
    const p = await person();
    const alert = await k.raise(LA, p.token);
    const missing = await change(p.token, { cancelPin: '4444', duressPin: '5555' });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPin' });
    const wrong = { input: { preferredLanguage: 'en', cancelPin: '4444', duressPin: '5555', currentPin: '0000' } };
    expect(errorCode(await k.call(UPDATE, wrong, p.token))).toBe('INCORRECT_PIN');
    const ws = await overWs(f.server.url, p.token, UPDATE, wrong);
    expect(JSON.stringify(ws)).toContain('INCORRECT_PIN');
    // Nothing changed: not the language, and the old cancel PIN is still the one.
    expect((await k.ok('{ me { preferredLanguage } }', {}, p.token)).me.preferredLanguage).toBe('es');
    for (let i = 3; i < PIN_LOCKOUT.maxFailures; i++) expect(errorCode(await change(p.token, { cancelPin: '4444', duressPin: '5555', currentPin: String(6000 + i) }))).toBe('INCORRECT_PIN');
    // Two by HTTP and WebSocket above, two more here, and the fifth by cancelAlert.
    expect(errorCode(await cancel(alert.id, '0001', p.token))).toBe('INCORRECT_PIN');
    // Locked out for both, with any PIN.
    expect(errorCode(await change(p.token, { cancelPin: '4444', duressPin: '5555', currentPin: CANCEL }))).toBe('RATE_LIMITED');
    expect(errorCode(await cancel(alert.id, CANCEL, p.token))).toBe('RATE_LIMITED');
    expect((await k.read(alert.id)).status).toBe('ESCALATED');
  });

  it('with the cancel PIN the new PINs replace the old ones', async () => {
    const p = await person();
    await k.ok(UPDATE, { input: { cancelPin: '4444', duressPin: '5555', currentPin: CANCEL } }, p.token);
    const a = await k.raise(LA, p.token);
    expect(errorCode(await cancel(a.id, CANCEL, p.token))).toBe('INCORRECT_PIN');
    expect(errorCode(await cancel(a.id, DURESS, p.token))).toBe('INCORRECT_PIN');
    await k.ok(Q.cancel, { id: a.id, pin: '4444' }, p.token);
    expect(await k.read(a.id)).toMatchObject({ status: 'CANCELLED', duress: false });
  });

  it('with the duress PIN: the same answer and phone views as with the cancel PIN, the open alert flagged silently, and the new "cancel" PIN a duress PIN', async () => {
    const [real, forced] = [await person(), await person()];
    const [ra, fa] = [await k.raise(LA, real.token), await k.raise(LA, forced.token)];
    const input = (current: string) => ({ input: { preferredLanguage: 'en', cancelPin: '4444', duressPin: '5555', currentPin: current } });
    const answers = [await overHttp(f.server.url, real.token, UPDATE, input(CANCEL)), await overHttp(f.server.url, forced.token, UPDATE, input(DURESS))];
    expect(normalise(answers[1])).toBe(normalise(answers[0]));
    expect(answers[0]!.body).toMatchObject({ data: { updateProfile: { preferredLanguage: 'en' } } });
    const views = [(await k.ok(PHONE, { id: ra.id }, real.token)).alert, (await k.ok(PHONE, { id: fa.id }, forced.token)).alert];
    expect(views[1]).toEqual(views[0]);
    expect(views[1]).toMatchObject({ status: 'ESCALATED', duress: false, flags: [] });
    // The control room knows.
    const staff = await k.read(fa.id, await operatorToken('losangeles'));
    expect(staff).toMatchObject({ duress: true, status: 'ESCALATED' });
    expect(staff.events.at(-1)).toMatchObject({ type: 'DURESS_SILENT' });
    expect((await k.read(ra.id)).duress).toBe(false);

    // Whoever forced the change cancels with "their" new cancel PIN: to the phone an ordinary cancel.
    const cancels = [await overHttp(f.server.url, real.token, Q.cancel, { id: ra.id, pin: '4444' }), await overHttp(f.server.url, forced.token, Q.cancel, { id: fa.id, pin: '4444' })];
    expect(normalise(cancels[1])).toBe(normalise(cancels[0]));
    expect(await k.read(fa.id)).toMatchObject({ duress: true, status: 'ESCALATED' });
    expect(await k.read(ra.id)).toMatchObject({ duress: false, status: 'CANCELLED' });
    // The old PINs answer as old PINs do after a real change; the new duress PIN is duress.
    const next = [await k.raise(LA, real.token), await k.raise(LA, forced.token)];
    expect(errorCode(await cancel(next[1]!.id, DURESS, forced.token))).toBe('INCORRECT_PIN');
    expect(errorCode(await cancel(next[0]!.id, DURESS, real.token))).toBe('INCORRECT_PIN');
    await k.ok(Q.cancel, { id: next[1]!.id, pin: '5555' }, forced.token);
    expect((await k.read(next[1]!.id)).duress).toBe(true);
    // The person's own cancel PIN stays theirs: it still really cancels, and changes the PINs for real.
    const own = await k.raise(LA, forced.token);
    await k.ok(Q.cancel, { id: own.id, pin: CANCEL }, forced.token);
    expect(await k.read(own.id)).toMatchObject({ duress: false, status: 'CANCELLED' });
  });

  it('the first PINs of a person who has none need no current PIN; without PINs the phone cannot cancel (PIN_NOT_SET)', async () => {
    const id = randomUUID();
    await k.sql('insert into persons (id) values ($1)', [id]);
    const tok = await personToken(id);
    const a = await k.raise(LA, tok);
    for (const pin of [CANCEL, '0000', null]) expect(errorCode(await k.call(Q.cancel, { id: a.id, pin }, tok))).toBe('PIN_NOT_SET');
    expect(JSON.stringify(await overWs(f.server.url, tok, Q.cancel, { id: a.id, pin: CANCEL }))).toContain('PIN_NOT_SET');
    expect((await k.read(a.id)).status).toBe('ESCALATED');
    await k.ok(UPDATE, { input: { cancelPin: CANCEL, duressPin: DURESS } }, tok);
    await k.ok(Q.cancel, { id: a.id, pin: CANCEL }, tok);
    expect((await k.read(a.id)).status).toBe('CANCELLED');
  });

  it('deleteMyData is refused while an alert is open; afterwards no PIN cancels a new alert (it used to give a real cancel)', async () => {
    const p = await person();
    const open = await k.raise(LA, p.token);
    expect(errorCode(await k.call('mutation { deleteMyData }', {}, p.token))).toBe('ALERT_OPEN');
    await k.ok(Q.cancel, { id: open.id, pin: CANCEL }, p.token);
    await k.ok('mutation { deleteMyData }', {}, p.token);
    const after = await k.raise(LA, p.token);
    for (const pin of [CANCEL, DURESS, '0000']) expect(errorCode(await cancel(after.id, pin, p.token))).toBe('PIN_NOT_SET');
    expect(await k.read(after.id)).toMatchObject({ status: 'ESCALATED', duress: false });
    // Nor can whoever holds the phone set new PINs: the person is gone.
    expect(errorCode(await change(p.token, { cancelPin: '4444', duressPin: '5555' }))).toBe('NOT_FOUND');
  });
});
