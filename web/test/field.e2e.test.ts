import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, launchChromium, prepareBrowserSuite } from './browser.js';
import type { TestDb } from '../../api/test/support/db.js';
import { startTestServer, operatorToken, gql, eventually, token } from '../../api/test/support/server.js';

/**
 * The field screens against the real server in Debian's Chromium: a person raises an alert from
 * /alert, an officer takes it on /officer, and a duress cancel looks like any cancel on the phone
 * while the console shows COACCIÓN. The server enforces the persisted-operation safelist for PERSON
 * tokens, as in production, so the person's page runs only operations codegen put in the manifest.
 */
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true';
const PERSON_AT = { latitude: 34.05, longitude: -118.25 };
const OFFICER_AT = { latitude: 34.055, longitude: -118.245 };
const PHONE = { width: 390, height: 844 };
const OFFICER_NAME = 'Lic. Campo Prueba';

const CREATE_ADVISOR = 'mutation($i: CreateAdvisorInput!){ createAdvisor(input:$i){ id } }';
const SET_AVAILABILITY = 'mutation($a: Availability!){ setAvailability(availability:$a){ availability } }';
const OPERATOR_ALERT = 'query($id: ID!){ alert(id:$id){ duress status assignedAdvisor { id } } }';
const OPERATOR_ALERTS = 'query{ alerts(openOnly:false){ id } }';

describe.skipIf(skip)('field screens (browser end-to-end)', () => {
  let testDb: TestDb;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const phone = async (geolocation: { latitude: number; longitude: number } | null, path: string) => {
    const ctx = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, ...(geolocation ? { geolocation, permissions: ['geolocation'] } : {}) });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    await page.goto(server.url + path);
    return page;
  };
  const shot = (p: Page, name: string) => p.screenshot({ path: ARTIFACTS + name, fullPage: true });
  /** Press and hold the alert button (2 s), which opens the 3 s cancel window. */
  const hold = async (p: Page, ms: number) => {
    const box = (await p.getByTestId('alert-button').boundingBox())!;
    await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await p.mouse.down();
    await p.waitForTimeout(ms);
    await p.mouse.up();
  };
  const stepText = (p: Page, type: string) => p.locator(`[data-testid=step][data-type=${type}]`).last();
  const operatorAlertIds = async () => {
    const r = await gql<{ alerts: Array<{ id: string }> }>(server.url, OPERATOR_ALERTS, {}, await operatorToken('losangeles'));
    expect(r.errors).toBeUndefined();
    return r.data!.alerts.map((a) => a.id);
  };

  beforeAll(async () => {
    testDb = await prepareBrowserSuite();
    server = await startTestServer(testDb.db, { persistedOnlyFor: ['PERSON'] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await testDb?.dispose();
  });

  it('person raises, officer claims, person sees the officer, duress cancel looks like a cancel', async () => {
    // An advisor of the Los Angeles consulate, on shift.
    const op = await operatorToken('losangeles');
    const input = { consulateId: 'losangeles', name: OFFICER_NAME, kind: 'PALE_LAWYER', languages: ['es', 'en'], capacity: 2 };
    const created = await gql<{ createAdvisor: { id: string } }>(server.url, CREATE_ADVISOR, { i: input }, op);
    expect(created.errors).toBeUndefined();
    const advisorId = created.data!.createAdvisor.id;
    const advisorToken = await token({ role: 'ADVISOR', sub: `adv-${advisorId}`, advisorId });
    expect((await gql<any>(server.url, SET_AVAILABILITY, { a: 'AVAILABLE' }, advisorToken)).data?.setAvailability.availability).toBe('AVAILABLE');

    // The officer opens /officer with the token in the fragment; it leaves the address bar at once.
    const listenersBefore = server.hub.listenerCount;
    const officer = await phone(OFFICER_AT, `/officer#token=${advisorToken}`);
    expect(officer.url()).not.toContain('token');
    await eventually(async () => expect(await officer.getByTestId('officer-who').innerText()).toContain(OFFICER_NAME), 15_000);
    expect(await officer.getByTestId('location-status').getAttribute('data-mode')).toBe('live');
    expect(await officer.getByTestId('availability').getAttribute('data-value')).toBe('AVAILABLE');
    // nearbyAlerts is live only: the alert must be raised after the officer's stream exists.
    await eventually(() => expect(server.hub.listenerCount).toBeGreaterThan(listenersBefore), 15_000);
    await officer.getByTestId('nearby-empty').waitFor({ state: 'visible' });
    // With its socket up, the officer's position reports ride on it (no HTTP request per report).
    const overSocket = async () => {
      const line = (await (await fetch(`${server.url}/metrics`)).text())
        .split('\n').find((l) => l.startsWith('graphql_operation_duration_seconds_count{operation="OfficerReportLocation",type="mutation",outcome="ok",transport="ws"}'));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };
    await officer.context().setGeolocation({ latitude: OFFICER_AT.latitude + 0.002, longitude: OFFICER_AT.longitude });
    await eventually(async () => expect(await overSocket()).toBeGreaterThan(0), 10_000);
    await eventually(async () => {
      const [row] = (await testDb.db.query<{ lat: number }>('select ST_Y(location::geometry) as lat from advisors where id = $1::uuid', [advisorId])).rows;
      expect(row!.lat).toBeCloseTo(OFFICER_AT.latitude + 0.002, 5);
    }, 10_000);
    await shot(officer, 'field-officer-waiting.png');

    // The person registers.
    const person = await phone(PERSON_AT, '/alert');
    await person.getByTestId('displayName').fill('María Prueba');
    await person.getByTestId('contact-name-0').fill('Hermana');
    await person.getByTestId('contact-phone-0').fill('+1 213 555 0100');
    await person.getByTestId('cancelPin').fill('1234');
    await person.getByTestId('duressPin').fill('1234');
    await person.getByTestId('register-submit').click();
    expect(await person.getByTestId('register-error').innerText()).toMatch(/distintos/);
    await person.getByTestId('duressPin').fill('9876');
    await shot(person, 'field-person-register.png');
    await person.getByTestId('register-submit').click();
    await person.getByTestId('alert-button').waitFor({ state: 'visible', timeout: 10_000 });
    await eventually(async () => expect(await person.getByTestId('person-location').getAttribute('data-status')).toBe('ok'), 10_000);
    await shot(person, 'field-person-button.png');

    // A short press does nothing; a 2 s hold opens the cancel window, then the alert goes out.
    await hold(person, 600);
    expect(await person.getByTestId('countdown').count()).toBe(0);
    const before = await operatorAlertIds();
    await hold(person, 2_300);
    await person.getByTestId('countdown').waitFor({ state: 'visible' });
    await shot(person, 'field-person-countdown.png');
    const status = person.getByTestId('alert-status');
    await status.waitFor({ state: 'visible', timeout: 15_000 });
    const alertId = (await status.getAttribute('data-alert-id'))!;
    expect(alertId).toMatch(/^[0-9a-f-]{36}$/);
    await stepText(person, 'RAISED').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await stepText(person, 'RAISED').innerText()).toMatch(/Alerta recibida por/);
    expect(await person.getByTestId('person-status').innerText()).toBe('Alerta activa');
    expect(JSON.parse((await person.evaluate(`localStorage.getItem('alerta.person.alert')`)) as string)).toMatchObject({ id: alertId });
    expect((await operatorAlertIds()).filter((id) => !before.includes(id))).toEqual([alertId]);

    // The officer sees it (by its short code, with a distance) and takes it.
    const row = officer.locator(`[data-testid=nearby-row][data-alert-id="${alertId}"]`);
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await row.getByTestId('row-code').innerText()).toBe(alertId.slice(0, 8));
    expect(await row.getByTestId('row-distance').innerText()).toMatch(/\d+(\.\d)? (m|km)/);
    await shot(officer, 'field-officer-nearby.png');
    await row.getByTestId('claim-button').click();
    const mine = officer.getByTestId('my-alert');
    await mine.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await mine.getAttribute('data-alert-id')).toBe(alertId);
    expect(await mine.getByTestId('my-alert-status').innerText()).toBe('Aceptada');
    expect(await mine.getByTestId('navigate-link').getAttribute('href')).toMatch(/^geo:34\.05\d*,-118\.25\d*$/);
    const assigned = await gql<{ alert: { assignedAdvisor: { id: string } | null } }>(server.url, OPERATOR_ALERT, { id: alertId }, op);
    expect(assigned.data?.alert.assignedAdvisor?.id).toBe(advisorId);

    // The person's screen names the officer, in the server's words.
    await stepText(person, 'ACKNOWLEDGED').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await stepText(person, 'ACKNOWLEDGED').innerText()).toContain(`Asesor asignado: ${OFFICER_NAME}`);
    await shot(person, 'field-person-assigned.png');

    await mine.getByTestId('en-route-button').click();
    await eventually(async () => expect(await mine.getByTestId('my-alert-status').innerText()).toBe('En camino'), 10_000);
    await stepText(person, 'EN_ROUTE').waitFor({ state: 'visible', timeout: 10_000 });
    await shot(officer, 'field-officer-en-route.png');

    // Duress: the phone shows an ordinary cancel...
    await person.getByTestId('cancel-pin').fill('9876');
    await person.getByTestId('cancel-button').click();
    await eventually(async () => expect(await person.getByTestId('person-status').innerText()).toBe('Alerta cancelada'), 10_000);
    await stepText(person, 'CANCELLED').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await stepText(person, 'CANCELLED').innerText()).toMatch(/Alerta cancelada/);
    expect(await person.locator('[data-testid=step][data-type=DURESS]').count()).toBe(0);
    expect(await person.evaluate(`localStorage.getItem('alerta.person.alert')`)).toBeNull();
    await shot(person, 'field-person-duress-cancelled.png');
    const duressScreen = await person.getByTestId('person-status').innerText();

    // ...while the consulate keeps it open, under duress, and so does the officer's screen.
    const seen = await gql<{ alert: { duress: boolean; status: string } }>(server.url, OPERATOR_ALERT, { id: alertId }, op);
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.alert.duress).toBe(true);
    expect(seen.data!.alert.status).not.toBe('CANCELLED');
    await mine.locator('.badge-duress').waitFor({ state: 'visible', timeout: 10_000 });
    await shot(officer, 'field-officer-duress.png');

    const consoleCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(consoleCtx);
    const consolePage = await consoleCtx.newPage();
    consolePage.on('pageerror', (err) => pageErrors.push(String(err)));
    await consolePage.goto(`${server.url}/#token=${op}`);
    const consoleRow = consolePage.locator(`[data-testid=alert-row][data-alert-id="${alertId}"]`);
    await consoleRow.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await consoleRow.getByTestId('duress-badge').innerText()).toBe('COACCIÓN');
    await consolePage.screenshot({ path: ARTIFACTS + 'field-console-duress.png' });

    // The officer closes the case with a disposition; it leaves their screen.
    await mine.getByTestId('disposition-select').selectOption('LEGAL_REPRESENTATION_PROVIDED');
    await mine.getByTestId('resolve-button').click();
    await officer.getByTestId('resolved-notice').waitFor({ state: 'visible', timeout: 10_000 });
    await mine.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await gql<{ alert: { status: string } }>(server.url, OPERATOR_ALERT, { id: alertId }, op)).data!.alert.status).toBe('RESOLVED');

    // A second alert, cancelled with the ordinary PIN: the phone's screen reads the same. Its first
    // answer is lost on the way back (the server did create the alert): the page retries with the
    // same idempotency key, and the server still has exactly one new alert.
    await person.getByTestId('back-button').click();
    let dropped = 0;
    await person.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (dropped === 0 && body.includes('PersonRaiseAlert')) {
        dropped += 1;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.fallback();
    });
    const before2 = await operatorAlertIds();
    await hold(person, 2_300);
    await status.waitFor({ state: 'visible', timeout: 20_000 });
    const secondId = (await status.getAttribute('data-alert-id'))!;
    expect(dropped).toBe(1);
    expect(secondId).not.toBe(alertId);
    expect((await operatorAlertIds()).filter((id) => !before2.includes(id))).toEqual([secondId]);
    await stepText(person, 'RAISED').waitFor({ state: 'visible', timeout: 10_000 });
    await person.getByTestId('cancel-pin').fill('0000');
    await person.getByTestId('cancel-button').click();
    expect(await person.getByTestId('cancel-error').getAttribute('data-code')).toBe('INCORRECT_PIN');
    await person.getByTestId('cancel-pin').fill('1234');
    await person.getByTestId('cancel-button').click();
    await eventually(async () => expect(await person.getByTestId('person-status').innerText()).toBe(duressScreen), 10_000);
    expect(await stepText(person, 'CANCELLED').innerText()).toMatch(/Alerta cancelada/);
    const real = await gql<{ alert: { duress: boolean; status: string } }>(server.url, OPERATOR_ALERT, { id: secondId }, op);
    expect(real.data!.alert).toMatchObject({ duress: false, status: 'CANCELLED' });
    await shot(person, 'field-person-cancelled.png');
  });

  it('without geolocation, the officer marks a position on the map and it is reported', async () => {
    const created = await gql<{ createAdvisor: { id: string } }>(
      server.url,
      CREATE_ADVISOR,
      { i: { consulateId: 'losangeles', name: 'Oficial Sin GPS', kind: 'PROTECTION_OFFICER' } },
      await operatorToken('losangeles'),
    );
    const advisorId = created.data!.createAdvisor.id;
    const officer = await phone(null, `/officer#token=${await token({ role: 'ADVISOR', sub: `adv-${advisorId}`, advisorId })}`);
    await eventually(async () => expect(await officer.getByTestId('location-status').getAttribute('data-mode')).toMatch(/denied|unavailable/), 15_000);
    const map = officer.getByTestId('officer-map');
    await officer.locator('.maplibregl-canvas').waitFor({ state: 'visible', timeout: 15_000 });
    const box = (await map.boundingBox())!;
    await officer.mouse.click(box.x + box.width / 2, box.y + box.height / 3);
    await eventually(async () => expect(await officer.getByTestId('location-status').getAttribute('data-mode')).toBe('manual'), 5_000);
    await eventually(async () => expect(await officer.getByTestId('officer-who').innerText()).toContain('Oficial Sin GPS'), 10_000);
    await shot(officer, 'field-officer-manual-pin.png');
  });

  it('without location permission, one press sends the alert to the city picked once (remembered), with a note saying why', async () => {
    const person = await phone(null, '/alert');
    await person.getByTestId('displayName').fill('Sin GPS');
    await person.getByTestId('cancelPin').fill('2468');
    await person.getByTestId('duressPin').fill('1357');
    await person.getByTestId('register-submit').click();
    await person.getByTestId('alert-button').waitFor({ state: 'visible', timeout: 10_000 });
    await eventually(async () => expect(await person.getByTestId('person-location').getAttribute('data-status')).toMatch(/denied|unavailable/), 15_000);
    const fallback = person.getByTestId('no-gps');
    await fallback.waitFor({ state: 'visible' });
    // No second button: the city is picked once, and the alert button is what sends.
    expect(await fallback.locator('button').count()).toBe(0);
    await person.getByTestId('no-gps-city').locator('option[value=losangeles]').waitFor({ state: 'attached', timeout: 10_000 });
    await person.getByTestId('no-gps-city').selectOption('losangeles');
    // Remembered across a reload (a phone's browser killed and reopened).
    await person.reload();
    await person.getByTestId('alert-button').waitFor({ state: 'visible', timeout: 10_000 });
    await person.getByTestId('no-gps-city').locator('option[value=losangeles]').waitFor({ state: 'attached', timeout: 10_000 });
    expect(await person.getByTestId('no-gps-city').inputValue()).toBe('losangeles');
    expect(await fallback.innerText()).toMatch(/el botón enviará la alerta a Los Angeles, CA/);
    await shot(person, 'field-person-no-gps.png');
    const before = await operatorAlertIds();
    await hold(person, 2_300);
    const status = person.getByTestId('alert-status');
    await status.waitFor({ state: 'visible', timeout: 15_000 });
    const alertId = (await status.getAttribute('data-alert-id'))!;
    expect((await operatorAlertIds()).filter((id) => !before.includes(id))).toEqual([alertId]);
    const row = (await testDb.db.query<{ consulate_id: string; accuracy_m: number; note: string }>('select consulate_id, accuracy_m, note from alerts where id = $1', [alertId])).rows[0]!;
    expect(row.consulate_id).toBe('losangeles');
    expect(row.accuracy_m).toBe(50_000);
    expect(row.note).toMatch(/Sin GPS: la persona indicó estar cerca de Los Angeles/);
  });

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
