import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, launchChromium, prepareBrowserSuite } from './browser.js';
import type { TestDb } from '../../api/test/support/db.js';
import { startTestServer, operatorToken, personToken, gql, eventually } from '../../api/test/support/server.js';

/**
 * Raid mode in the console, in Debian's Chromium against the real server: alerts raised close together
 * through the API become one incident that appears live as one row at the top of the queue (its alerts
 * grouped under it, not as rows of their own) and one hull with its count on the map; the operator opens
 * it, sees each alert's SLA clock, confirms it, sets a team and posts a notice to the persons in it.
 */
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true';
const RAISE = 'mutation($i: RaiseAlertInput!){ raiseAlert(input:$i){ id } }';
// Boyle Heights, Los Angeles: far from anything else the seeded database has open.
const AT = { lat: 34.0339, lon: -118.2051 };

describe.skipIf(skip)('console incidents (browser end-to-end)', () => {
  let testDb: TestDb;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const ids: string[] = [];

  const raise = async (k: number) => {
    const location = { lat: AT.lat + (k % 3) * 0.001, lon: AT.lon + Math.floor(k / 3) * 0.001 };
    const r = await gql<{ raiseAlert: { id: string } }>(server.url, RAISE, { i: { location, idempotencyKey: `inc-${k}`, kind: 'RAID_NEARBY' } }, await personToken(`inc-person-${k}`));
    expect(r.errors).toBeUndefined();
    ids.push(r.data!.raiseAlert.id);
  };
  const row = () => page.getByTestId('incident-row');

  beforeAll(async () => {
    testDb = await prepareBrowserSuite();
    server = await startTestServer(testDb.db);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await testDb?.dispose();
  });

  it('three alerts close together appear live as one incident row and one hull with its count', async () => {
    await page.goto(`${server.url}/#token=${await operatorToken('losangeles')}`);
    await page.locator('[data-testid=connection][data-status=connected]').waitFor({ timeout: 30_000 });
    await page.waitForFunction('!!window.__alertaMap', undefined, { timeout: 30_000 });
    expect(await row().count()).toBe(0);

    for (let k = 0; k < 3; k++) await raise(k);
    await row().waitFor({ state: 'visible', timeout: 15_000 });
    await eventually(async () => expect(await row().getAttribute('data-open')).toBe('3'), 10_000);
    expect(await row().getAttribute('data-status')).toBe('DETECTED');
    // Grouped: the three alerts are not rows of their own in the queue...
    for (const id of ids) expect(await page.locator(`[data-testid=alert-row][data-alert-id="${id}"]`).count()).toBe(0);
    // ...and the map draws one hull (GeoJSON polygon) with the count at its centre; the markers stay.
    await eventually(async () => {
      const hulls = (await page.evaluate(`window.__alertaMap.querySourceFeatures('incidents').map((f) => f.geometry.type + ':' + f.properties.count)`)) as string[];
      expect(new Set(hulls)).toEqual(new Set(['Polygon:3']));
    }, 10_000);
    expect(await page.getByTestId('incident-label').innerText()).toBe('3');
    await page.screenshot({ path: ARTIFACTS + 'console-incident.png' });

    // A fourth alert joins: the same row counts it, live.
    await raise(3);
    await eventually(async () => expect(await row().getAttribute('data-open')).toBe('4'), 15_000);
    expect(await row().count()).toBe(1);
  });

  it('opens the incident: its alerts with their SLA clocks; confirm, set a team and post a notice from the panel', async () => {
    await row().click();
    const panel = page.getByTestId('incident-panel');
    await panel.waitFor({ state: 'visible' });
    await eventually(async () => expect(await panel.getByTestId('incident-alert').count()).toBe(4));
    expect(await panel.locator('[data-testid=incident-alert] [data-testid=sla-timer]').count()).toBe(4);

    await panel.getByTestId('incident-confirm').click();
    await eventually(async () => expect(await panel.getAttribute('data-status')).toBe('CONFIRMED'), 10_000);
    expect(await panel.getByTestId('incident-outcome').getAttribute('data-ok')).toBe('true');
    await eventually(async () => expect(await row().getAttribute('data-status')).toBe('CONFIRMED'));

    // A team of the consulate's first active advisor: the panel lists them with their position.
    await panel.locator('summary').click();
    const box = panel.getByTestId('incident-team-roster').locator('input[type=checkbox]').first();
    await box.waitFor({ state: 'visible', timeout: 10_000 });
    const advisorId = await box.getAttribute('data-advisor-id');
    await box.check();
    await panel.getByTestId('incident-save-team').click();
    await panel.locator(`[data-testid=incident-team-member][data-advisor-id="${advisorId}"]`).waitFor({ state: 'visible', timeout: 10_000 });

    await panel.getByTestId('incident-notice').selectOption('ADVISOR_ON_THE_WAY');
    await panel.getByTestId('incident-post').click();
    await eventually(async () => expect(await panel.getByTestId('incident-outcome').getAttribute('data-action')).toBe('notice'), 10_000);
    expect(await panel.getByTestId('incident-outcome').getAttribute('data-ok')).toBe('true');
    // Each person in it got the notice, once (an INCIDENT_NOTICE step on their alert).
    const notices = await testDb.db.query<{ n: string }>(`select count(*) as n from alert_events where type = 'INCIDENT_NOTICE' and alert_id = any($1::uuid[])`, [ids]);
    expect(Number(notices.rows[0]!.n)).toBe(4);
    await page.screenshot({ path: ARTIFACTS + 'console-incident-panel.png' });
    expect(pageErrors).toEqual([]);
  });
});
