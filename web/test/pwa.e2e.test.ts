import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, launchChromium, prepareBrowserSuite } from './browser.js';
import type { TestDb } from '../../api/test/support/db.js';
import { startTestServer, operatorToken, gql, eventually } from '../../api/test/support/server.js';

/**
 * The person's page as an installed app (docs/MOBILE.md, "Install and offline"), in Debian's Chromium
 * against the real server: Chromium's own installability verdict, an offline reload served by the service
 * worker, and a press without network kept in IndexedDB, then sent once when the network is back.
 */
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true';
const PERSON_AT = { latitude: 34.05, longitude: -118.25 };
const PHONE = { width: 390, height: 844 };
const SMS_NUMBER = '+15555550123';
const REGISTER = 'mutation($input: RegisterPersonInput!){ registerPerson(input:$input){ token } }';
const OPERATOR_ALERTS = 'query{ alerts(openOnly:false){ id } }';

/** What the page's IndexedDB raise queue holds (web/src/person/offline/idbQueue.ts). */
const QUEUE = `new Promise((resolve, reject) => {
  const req = indexedDB.open('alerta-person', 1);
  req.onupgradeneeded = () => req.result.createObjectStore('raises', { keyPath: 'idempotencyKey' });
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const all = req.result.transaction('raises').objectStore('raises').getAll();
    all.onsuccess = () => { resolve(all.result.map((e) => ({ key: e.idempotencyKey, state: e.state }))); req.result.close(); };
    all.onerror = () => reject(all.error);
  };
})`;

describe.skipIf(skip)('the person page as an installable, offline-capable app (browser end-to-end)', () => {
  let testDb: TestDb;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  /** A registered person's phone on /alert, its service worker installed and in control. */
  const phone = async (): Promise<{ ctx: BrowserContext; page: Page }> => {
    const reg = await gql<{ registerPerson: { token: string } }>(server.url, REGISTER, { input: { cancelPin: '2468', duressPin: '1357' } });
    expect(reg.errors).toBeUndefined();
    const ctx = await browser.newContext({ viewport: PHONE, geolocation: PERSON_AT, permissions: ['geolocation'] });
    contexts.push(ctx);
    // Registered as the page itself would be (the token in localStorage); not on about:blank (no storage there).
    const person = JSON.stringify(JSON.stringify({ token: reg.data!.registerPerson.token, language: 'es' }));
    await ctx.addInitScript(`if (location.protocol === 'http:' && !localStorage.getItem('alerta.person')) localStorage.setItem('alerta.person', ${person})`);
    const page = await ctx.newPage();
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    await page.goto(server.url + '/alert');
    await page.getByTestId('alert-button').waitFor({ state: 'visible', timeout: 15_000 });
    // clientsClaim: the first visit's page comes under the worker without a reload.
    await eventually(async () => expect(await page.evaluate('navigator.serviceWorker.controller?.scriptURL ?? null')).toBe(server.url + '/sw.js'), 15_000);
    return { ctx, page };
  };
  const hold = async (p: Page) => {
    const box = (await p.getByTestId('alert-button').boundingBox())!;
    await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await p.mouse.down();
    await p.getByTestId('countdown').waitFor({ state: 'visible', timeout: 5_000 });
    await p.mouse.up();
  };
  const operatorAlertIds = async () => {
    const r = await gql<{ alerts: Array<{ id: string }> }>(server.url, OPERATOR_ALERTS, {}, await operatorToken('losangeles'));
    expect(r.errors).toBeUndefined();
    return r.data!.alerts.map((a) => a.id);
  };
  const networkIsOff = async (p: Page) => expect(await p.evaluate(`fetch('/healthz').then(() => 'reached', () => 'failed')`)).toBe('failed');

  beforeAll(async () => {
    testDb = await prepareBrowserSuite();
    server = await startTestServer(testDb.db, { persistedOnlyFor: ['PERSON'], smsNumber: SMS_NUMBER });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await testDb?.dispose();
  });

  it('is installable: Chromium finds no installability error but incognito; manifest in Spanish, start_url /alert, standalone, 192/512 icons (also maskable) that load', async () => {
    const { ctx, page } = await phone();
    const cdp = await ctx.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: Array<{ errorId: string }> };
    // Playwright's contexts are incognito ones, where Chromium never offers to install; that must be the
    // only reason given (no manifest, icon, start_url or service-worker problem).
    expect(installabilityErrors.map((e) => e.errorId)).toEqual(['in-incognito']);
    const { url, errors: parseErrors } = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] };
    expect(url).toBe(server.url + '/manifest.webmanifest');
    expect(parseErrors).toEqual([]);

    // The worker's script is always revalidated, so a fix reaches installed phones at their next visit.
    expect((await fetch(server.url + '/sw.js')).headers.get('cache-control')).toBe('no-cache');
    const res = await fetch(server.url + '/manifest.webmanifest');
    expect(res.headers.get('content-type')).toMatch(/application\/manifest\+json/);
    const m = (await res.json()) as { name: string; lang: string; start_url: string; scope: string; display: string; icons: Array<{ src: string; sizes: string; purpose: string }> };
    expect(m).toMatchObject({ name: 'Alerta Consular', lang: 'es', start_url: '/alert', scope: '/alert', display: 'standalone' });
    const icons = m.icons.map((i) => `${i.sizes} ${i.purpose}`).sort();
    expect(icons).toEqual(['192x192 any', '192x192 maskable', '512x512 any', '512x512 maskable']);
    for (const icon of m.icons) {
      const size = await page.evaluate(`(async () => { const i = new Image(); i.src = ${JSON.stringify(icon.src)}; await i.decode(); return i.naturalWidth + 'x' + i.naturalHeight; })()`);
      expect(size).toBe(icon.sizes);
    }
    // The console is not the app: no worker controls it.
    const consolePage = await ctx.newPage();
    await consolePage.goto(server.url + '/');
    expect(await consolePage.evaluate('navigator.serviceWorker.controller')).toBeNull();
    await consolePage.close();
  });

  it('reloads with the network off: the person page and both languages come from the service worker', async () => {
    const { ctx, page } = await phone();
    await ctx.setOffline(true);
    await networkIsOff(page);
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await page.getByTestId('alert-button').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.getByTestId('alert-button').innerText()).toContain('ALERTA');
    await page.getByTestId('lang-switch').click();
    expect(await page.getByTestId('lang-switch').innerText()).toBe('Español');
    await page.screenshot({ path: ARTIFACTS + 'pwa-offline-reload.png', fullPage: true });
    await ctx.setOffline(false);
  });

  it('a press without network is saved (IndexedDB, survives a reload), offers SMS, and is sent once when the network is back', async () => {
    const { ctx, page } = await phone();
    await ctx.setOffline(true);
    await networkIsOff(page);
    const before = await operatorAlertIds();
    await hold(page);
    const sending = page.getByTestId('sending');
    await eventually(async () => expect(await sending.getAttribute('data-saved')).toBe('true'), 10_000);
    expect(await sending.locator('h2').innerText()).toBe('Guardada: se enviará en cuanto haya señal.');
    expect(await page.getByTestId('sms-button').getAttribute('href')).toBe(`sms:${SMS_NUMBER}?body=ALERTA`);
    const queued = (await page.evaluate(QUEUE)) as Array<{ key: string; state: string }>;
    expect(queued).toHaveLength(1);
    expect(queued[0]!.state).toBe('queued');
    await page.screenshot({ path: ARTIFACTS + 'pwa-offline-saved.png', fullPage: true });

    // The phone's browser is reloaded while still offline: the press is still there, still waiting.
    await page.reload();
    await eventually(async () => expect(await sending.getAttribute('data-saved')).toBe('true'), 10_000);
    // Chromium fires Background Sync by its own view of the network, which the page's offline emulation does
    // not cover, so the service worker may already have sent the press by now (seen once in CI on a slow
    // machine). Sent or not, never twice: the count after the network is back is checked below.
    expect((await operatorAlertIds()).filter((id) => !before.includes(id)).length).toBeLessThanOrEqual(1);

    await ctx.setOffline(false);
    const status = page.getByTestId('alert-status');
    await status.waitFor({ state: 'visible', timeout: 20_000 });
    const alertId = (await status.getAttribute('data-alert-id'))!;
    await page.locator('[data-testid=step][data-type=RAISED]').waitFor({ state: 'visible', timeout: 10_000 });
    // Sent by the page (online event), perhaps also by Background Sync: one alert either way.
    expect((await operatorAlertIds()).filter((id) => !before.includes(id))).toEqual([alertId]);
    const rows = await testDb.db.query<{ n: number }>('select count(*)::int as n from alerts where idempotency_key = $1', [queued[0]!.key]);
    expect(rows.rows[0]!.n).toBe(1);
    await eventually(async () => expect(await page.evaluate(QUEUE)).toEqual([]), 5_000);
  });

  it('with the page closed, the service worker sends the saved press (Background Sync); reopened, the page shows that alert', async () => {
    const { ctx, page } = await phone();
    const cdp = await ctx.newCDPSession(page);
    const registrations: Array<{ registrationId: string; scopeURL: string }> = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: typeof registrations }) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    await eventually(() => expect(registrations.some((r) => r.scopeURL === server.url + '/alert')).toBe(true), 10_000);
    const registrationId = registrations.find((r) => r.scopeURL === server.url + '/alert')!.registrationId;

    await ctx.setOffline(true);
    await networkIsOff(page);
    const before = await operatorAlertIds();
    await hold(page);
    await eventually(async () => expect(await page.getByTestId('sending').getAttribute('data-saved')).toBe('true'), 10_000);
    const [saved] = (await page.evaluate(QUEUE)) as Array<{ key: string }>;
    // The page goes away (its retry loop with it); the network comes back; Chromium fires the sync.
    await page.goto('about:blank');
    await ctx.setOffline(false);
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: server.url, registrationId, tag: 'alerta-raise', lastChance: false });
    const count = async () => (await testDb.db.query<{ n: number }>('select count(*)::int as n from alerts where idempotency_key = $1', [saved!.key])).rows[0]!.n;
    await eventually(async () => expect(await count()).toBe(1), 15_000);

    await page.goto(server.url + '/alert');
    const status = page.getByTestId('alert-status');
    await status.waitFor({ state: 'visible', timeout: 15_000 });
    const alertId = (await status.getAttribute('data-alert-id'))!;
    expect((await operatorAlertIds()).filter((id) => !before.includes(id))).toEqual([alertId]);
    expect(await count()).toBe(1);
    await eventually(async () => expect(await page.evaluate(QUEUE)).toEqual([]), 5_000);
  });

  it('a refusal from the server is shown with its code and not retried: the entry leaves the queue', async () => {
    const { page } = await phone();
    let raises = 0;
    await page.route('**/graphql', async (route) => {
      if (!(route.request().postData() ?? '').includes('PersonRaiseAlert')) return route.fallback();
      raises += 1;
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'bad', extensions: { code: 'BAD_USER_INPUT' } }] }) });
    });
    await hold(page);
    const message = page.getByTestId('person-message');
    await message.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await message.innerText()).toContain('BAD_USER_INPUT');
    expect(await page.evaluate(QUEUE)).toEqual([]);
    expect(raises).toBe(1);
    await page.getByTestId('alert-button').waitFor({ state: 'visible' });
  });

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
