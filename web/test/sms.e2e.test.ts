import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, launchChromium, prepareBrowserSuite } from './browser.js';
import type { TestDb } from '../../api/test/support/db.js';
import { startTestServer, operatorToken, gql, eventually } from '../../api/test/support/server.js';
import { messageSid, postSigned, SERVICE_NUMBER, smsTestConfig, startFakeTwilio, twimlText, type FakeTwilio } from '../../api/test/support/twilioFake.js';

/**
 * SMS in Debian's Chromium against the real server, Twilio played by a local fake (docs/SMS.md): the
 * person links their phone from their page (a code, the exact text, an sms: link), a signed inbound
 * "VINCULAR <code>" links the number, an "ALERTA" from it is that person's alert; then the console's
 * panel shows "avisados n/m, k fallidos" following Twilio's delivery reports as they come.
 */
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true';
const PHONE = '+12135550142';
const ANA = '+12135550143';
const LUIS = '+12135550144';
const REGISTER = 'mutation($input: RegisterPersonInput!){ registerPerson(input:$input){ token person { id } } }';

describe.skipIf(skip)('SMS: linking a phone from the person page, and the console\'s SMS line (browser end-to-end)', () => {
  let testDb: TestDb;
  let fake: FakeTwilio;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let ctx: BrowserContext;
  let personId = '';
  let alertId = '';
  const pageErrors: string[] = [];
  const text = async (from: string, body: string) => {
    const r = await postSigned(server.url, '/sms/inbound', { From: from, To: SERVICE_NUMBER, Body: body, MessageSid: messageSid() });
    expect(r.status, r.text).toBe(200);
    return twimlText(r.text);
  };

  beforeAll(async () => {
    testDb = await prepareBrowserSuite();
    fake = await startFakeTwilio();
    // PERSON tokens run only the published operations: the page's new ones must be in the safelist.
    server = await startTestServer(testDb.db, { persistedOnlyFor: ['PERSON'], smsNumber: SERVICE_NUMBER, sms: smsTestConfig(fake.url) });
    browser = await launchChromium();
    ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  });

  afterAll(async () => {
    await ctx?.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await testDb?.dispose();
    await fake?.close();
  });

  it('the person gets a code on their page, texts VINCULAR <code>, and an ALERTA from that phone is their alert', async () => {
    const input = { displayName: 'Rosa', cancelPin: '2468', duressPin: '1357', trustedContacts: [{ name: 'Ana', phone: ANA, notify: true }, { name: 'Luis', phone: LUIS, notify: true }] };
    const reg = await gql<{ registerPerson: { token: string; person: { id: string } } }>(server.url, REGISTER, { input });
    expect(reg.errors).toBeUndefined();
    personId = reg.data!.registerPerson.person.id;
    const person = JSON.stringify(JSON.stringify({ token: reg.data!.registerPerson.token, language: 'es' }));
    await ctx.addInitScript(`if (location.protocol === 'http:' && !localStorage.getItem('alerta.person')) localStorage.setItem('alerta.person', ${person})`);
    const page: Page = await ctx.newPage();
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    await page.goto(server.url + '/alert');
    const card = page.getByTestId('sms-link');
    await card.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await card.getAttribute('data-linked')).toBe('false');
    await card.locator('summary').click();
    await card.getByRole('button', { name: 'Obtener un código' }).click();
    const shown = page.getByTestId('sms-link-code');
    await shown.waitFor({ state: 'visible', timeout: 10_000 });
    const code = (await shown.getAttribute('data-code'))!;
    expect(code).toMatch(/^\d{10}$/);
    expect(await page.getByTestId('sms-link-text').innerText()).toBe(`Desde el teléfono que quiere vincular, envíe «VINCULAR ${code}» al ${SERVICE_NUMBER}.`);
    expect(await page.getByTestId('sms-link-send').getAttribute('href')).toBe(`sms:${SERVICE_NUMBER}?body=VINCULAR%20${code}`);
    await page.screenshot({ path: ARTIFACTS + 'sms-link-code.png', fullPage: true });

    // The text, as Twilio delivers it, signed.
    expect(await text(PHONE, `VINCULAR ${code}`)).toMatch(/^Numero vinculado/);
    await card.getByRole('button', { name: 'Ya lo envié' }).click();
    await page.getByTestId('sms-link-linked').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await card.getAttribute('data-linked')).toBe('true');

    const reply = await text(PHONE, 'ALERTA 90012');
    expect(reply).toMatch(/^Alerta [0-9a-f]{8} recibida\./);
    const rows = await testDb.db.query<{ id: string; person_id: string }>(
      `select a.id::text as id, a.person_id from sms_inbound i join alerts a on a.id = i.alert_id where i.command = 'RAISE' order by i.received_at desc limit 1`);
    expect(rows.rows[0]!.person_id).toBe(personId);
    alertId = rows.rows[0]!.id;
    expect(reply).toContain(alertId.slice(0, 8));
  });

  it('the console\'s panel shows the contacts told, then one delivered and one failed, as the reports come', async () => {
    expect(alertId).not.toBe('');
    const op = await operatorToken('losangeles');
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    await page.goto(`${server.url}/#token=${op}`);
    const row = page.locator(`[data-testid=alert-row][data-alert-id="${alertId}"]`);
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await row.click();
    const line = page.getByTestId('detail-sms');
    // Both contacts' texts accepted by (fake) Twilio.
    await eventually(async () => expect(await line.innerText()).toBe('avisados 2/2'), 20_000);
    const sent = await testDb.db.query<{ provider_sid: string }>(
      `select provider_sid from sms_outbox where alert_id = $1::uuid and audience = 'CONTACT_RAISED' order by id`, [alertId]);
    expect(sent.rows).toHaveLength(2);
    const [one, two] = sent.rows.map((r) => r.provider_sid);
    expect((await postSigned(server.url, '/sms/status', { MessageSid: one!, MessageStatus: 'delivered' })).status).toBe(204);
    expect((await postSigned(server.url, '/sms/status', { MessageSid: two!, MessageStatus: 'undelivered', ErrorCode: '30005' })).status).toBe(204);
    // No alert event marks a delivery report: the open panel reads its SMS line again by itself.
    await eventually(async () => expect(await line.innerText()).toBe('avisados 1/2, 1 fallidos'), 20_000);
    expect(await line.getAttribute('class')).toBe('warn');
    await page.screenshot({ path: ARTIFACTS + 'console-sms-line.png' });
    await page.close();
  });

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
