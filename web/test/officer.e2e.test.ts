import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, launchChromium, prepareBrowserSuite } from './browser.js';
import type { TestDb } from '../../api/test/support/db.js';
import { startTestServer, operatorToken, personToken, gql, eventually, token } from '../../api/test/support/server.js';

/**
 * The advisor's page as a new user meets it, in Debian's Chromium against the real server: a cleared
 * device shows the alert already in the advisor's care (and lets them move it on), a no-GPS alert shows
 * its ± 50 km, offers and progress are announced in an aria-live region, the "a su cargo" count follows
 * at once, and the development sign-in offers the seeded advisors.
 */
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true';
const CHICAGO = { latitude: 41.8781, longitude: -87.6298 };
const PHONE = { width: 390, height: 844 };

const CREATE_ADVISOR = 'mutation($i: CreateAdvisorInput!){ createAdvisor(input:$i){ id } }';
const REPORT = 'mutation($l: LocationInput!){ reportAdvisorLocation(location:$l){ id } }';
const AVAILABLE = 'mutation{ setAvailability(availability: AVAILABLE){ id } }';
const RAISE = 'mutation($i: RaiseAlertInput!){ raiseAlert(input:$i){ id offer { advisor { id } } } }';
const CLAIM = 'mutation($id: ID!){ claimAlert(id:$id){ id } }';

describe.skipIf(skip)('the advisor\u2019s page (browser end-to-end)', () => {
  let testDb: TestDb;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let keys = 0;

  /** A fresh phone: its own context, so nothing in localStorage (a new or cleared device). */
  const phone = async (path: string) => {
    const ctx = await browser.newContext({ viewport: PHONE, geolocation: CHICAGO, permissions: ['geolocation'] });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    await page.goto(server.url + path);
    return page;
  };
  const ok = async <T,>(query: string, vars: Record<string, unknown>, tok: string): Promise<T> => {
    const r = await gql<T>(server.url, query, vars, tok);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  /** An AVAILABLE advisor at the Chicago consulate, positioned where the phone's GPS says. */
  const advisor = async (name: string) => {
    const { createAdvisor } = await ok<{ createAdvisor: { id: string } }>(CREATE_ADVISOR, { i: { consulateId: 'chicago', name, kind: 'PALE_LAWYER', capacity: 1 } }, await operatorToken('chicago'));
    const tok = await token({ role: 'ADVISOR', sub: `adv-${createAdvisor.id}`, advisorId: createAdvisor.id });
    await ok(REPORT, { l: { lat: CHICAGO.latitude, lon: CHICAGO.longitude } }, tok);
    await ok(AVAILABLE, {}, tok);
    return { id: createAdvisor.id, token: tok };
  };
  /** An alert raised without GPS (a city's centre, ± 50 km), a few hundred metres from the advisor. */
  const raiseNoGps = async () => {
    const i = { location: { lat: CHICAGO.latitude + 0.003, lon: CHICAGO.longitude, accuracyM: 50_000 }, idempotencyKey: `officer-e2e-${++keys}` };
    return (await ok<{ raiseAlert: { id: string; offer: { advisor: { id: string } } | null } }>(RAISE, { i }, await personToken(`officer-e2e-${keys}`))).raiseAlert;
  };

  beforeAll(async () => {
    testDb = await prepareBrowserSuite();
    server = await startTestServer(testDb.db, { devSignIn: true });
    browser = await launchChromium();
    // Only the advisors each test creates take offers.
    await testDb.db.query(`update advisors set availability = 'OFF_DUTY'`);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await testDb?.dispose();
  });

  it('on a cleared device, shows the alert already in the advisor\u2019s care, with its ± 50 km, and lets them move it on', async () => {
    const me = await advisor('Lic. Dispositivo Nuevo');
    const alert = await raiseNoGps();
    expect(alert.offer?.advisor.id).toBe(me.id);
    await ok(CLAIM, { id: alert.id }, me.token);

    const page = await phone(`/officer#token=${me.token}`);
    const mine = page.getByTestId('my-alert');
    await mine.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await mine.getAttribute('data-alert-id')).toBe(alert.id);
    expect(await mine.getByTestId('my-alert-accuracy').innerText()).toContain('± 50 km');
    await eventually(async () => expect(await page.getByTestId('officer-load').innerText()).toBe('Alertas a su cargo: 1 de 1'), 10_000);
    await page.screenshot({ path: ARTIFACTS + 'officer-cleared-device.png', fullPage: true });

    await mine.getByTestId('en-route-button').click();
    await eventually(async () => expect(await mine.getByTestId('my-alert-status').innerText()).toBe('En camino'), 10_000);
    await eventually(async () => expect(await page.getByTestId('announcement').innerText()).toMatch(new RegExp(`Alerta ${alert.id.slice(0, 8)}: En camino`)), 10_000);
  });

  it('announces an offer (aria-live), shows its ± 50 km, and after the claim the count follows at once', async () => {
    const me = await advisor('Lic. Aviso');
    const page = await phone(`/officer#token=${me.token}`);
    const region = page.getByTestId('announcement');
    await region.waitFor({ state: 'attached', timeout: 15_000 });
    // The region exists before anything is said (a region added with its text is often not read).
    expect(await region.getAttribute('aria-atomic')).toBe('true');
    expect(await region.getAttribute('role')).toBe('status');
    await eventually(async () => expect(await page.getByTestId('nearby-empty').innerText()).toMatch(/Sin alertas abiertas cerca/), 15_000);
    await eventually(async () => expect(await page.getByTestId('officer-load').innerText()).toBe('Alertas a su cargo: 0 de 1'), 10_000);

    const alert = await raiseNoGps();
    expect(alert.offer?.advisor.id).toBe(me.id);
    await eventually(async () => expect(await region.getAttribute('data-kind')).toBe('offer'), 10_000);
    expect(await region.getAttribute('aria-live')).toBe('assertive');
    expect(await region.innerText()).toContain(`Oferta para usted: alerta ${alert.id.slice(0, 8)}`);
    const row = page.locator(`[data-testid=nearby-row][data-alert-id="${alert.id}"]`);
    expect(await row.getByTestId('row-accuracy').innerText()).toBe('± 50 km');
    await page.screenshot({ path: ARTIFACTS + 'officer-offer-announced.png', fullPage: true });

    await row.getByTestId('claim-button').click();
    await eventually(async () => expect(await region.getAttribute('data-kind')).toBe('assigned'), 5_000);
    expect(await region.innerText()).toContain(`Alerta ${alert.id.slice(0, 8)} asignada a usted`);
    // At once: the next position report is ~10 s away, so this can only come from the refresh on change.
    await eventually(async () => expect(await page.getByTestId('officer-load').innerText()).toBe('Alertas a su cargo: 1 de 1'), 3_000);

    // Sound and vibration can be switched off, and the choice is kept.
    const sw = page.getByTestId('sound-switch');
    expect(await sw.getAttribute('aria-pressed')).toBe('true');
    await sw.click();
    expect(await sw.getAttribute('aria-pressed')).toBe('false');
    expect(await page.evaluate(`localStorage.getItem('alerta.officer.sound')`)).toBe('false');
  });

  it('the development sign-in lets you pick a seeded advisor, as the console lets you pick an operator', async () => {
    const me = await advisor('Lic. Sembrado Dev');
    const page = await phone('/officer');
    const panel = page.getByTestId('dev-sign-in');
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    await page.getByTestId('dev-consulate').locator('option[value=chicago]').waitFor({ state: 'attached', timeout: 10_000 });
    await page.getByTestId('dev-consulate').selectOption('chicago');
    await page.getByTestId('dev-advisor').locator(`option[value="${me.id}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    await page.getByTestId('dev-advisor').selectOption(me.id);
    await page.getByTestId('dev-advisor-sign-in').click();
    await eventually(async () => expect(await page.getByTestId('officer-who').innerText()).toContain('Lic. Sembrado Dev'), 15_000);
  });

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
