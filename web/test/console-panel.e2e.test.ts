import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, launchChromium, prepareBrowserSuite } from './browser.js';
import type { TestDb } from '../../api/test/support/db.js';
import { startTestServer, operatorToken, personToken, gql, eventually, token } from '../../api/test/support/server.js';
import { TILE_TYPE, pmtilesArchive } from '../../api/test/support/pmtilesArchive.js';

/**
 * The console's alert panel in Debian's Chromium: the timeline words the server's machine notes in
 * Spanish (no "CONTAINED", no "claimed"), the person's language by name, and Escape closes the panel
 * and returns to the alert's row.
 */
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true';
const LA = { lat: 34.05, lon: -118.25 };
const RAISE = 'mutation($i: RaiseAlertInput!){ raiseAlert(input:$i){ id } }';
const CREATE_ADVISOR = 'mutation($i: CreateAdvisorInput!){ createAdvisor(input:$i){ id } }';
const CLAIM = 'mutation($id: ID!){ claimAlert(id:$id){ id } }';

describe.skipIf(skip)('console alert panel (browser end-to-end)', () => {
  let testDb: TestDb;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

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

  it('words the timeline in Spanish, and Escape closes the panel and returns to the row', async () => {
    const op = await operatorToken('losangeles');
    const raised = await gql<{ raiseAlert: { id: string } }>(server.url, RAISE, { i: { location: LA, idempotencyKey: 'panel-1' } }, await personToken('panel-person'));
    const id = raised.data!.raiseAlert.id;
    const made = await gql<{ createAdvisor: { id: string } }>(server.url, CREATE_ADVISOR, { i: { consulateId: 'losangeles', name: 'Lic. Bitácora', kind: 'PALE_LAWYER' } }, op);
    const advisorId = made.data!.createAdvisor.id;
    const claimed = await gql(server.url, CLAIM, { id }, await token({ role: 'ADVISOR', sub: `adv-${advisorId}`, advisorId }));
    expect(claimed.errors).toBeUndefined();

    await page.goto(`${server.url}/#token=${op}`);
    const row = page.locator(`[data-testid=alert-row][data-alert-id="${id}"]`);
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    // The header names the consulate, not its id.
    await eventually(async () => expect(await page.getByTestId('who').innerText()).toMatch(/Operador · .*Los Ángeles/));
    await row.click();
    const panel = page.getByTestId('alert-detail');
    await panel.waitFor({ state: 'visible' });
    const timeline = panel.getByTestId('timeline');
    await timeline.locator('li[data-event-type=ACKNOWLEDGED]').waitFor({ state: 'visible', timeout: 10_000 });
    const text = await panel.innerText();
    expect(text).not.toMatch(/CONTAINED|NEAREST|claimed/);
    expect(await timeline.locator('li[data-event-type=RAISED]').innerText()).toMatch(/en el distrito/);
    expect(await timeline.locator('li[data-event-type=ACKNOWLEDGED]').innerText()).toMatch(/la tomó el asesor/);
    await page.screenshot({ path: ARTIFACTS + 'console-panel-timeline.png' });

    // Escape from inside the panel (focus on its close button) closes it; focus goes back to the row.
    await panel.getByTestId('detail-close').focus();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await page.evaluate('document.activeElement?.getAttribute("data-alert-id")')).toBe(id);
    // And from the list: open with Enter, close with Escape.
    await page.keyboard.press('Enter');
    await panel.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('names towns on the offline map (GeoNames labels, no vendor), with their credit', { timeout: 120_000 }, async () => {
    await page.goto(`${server.url}/#token=${await operatorToken('losangeles')}`);
    await page.waitForFunction('!!window.__alertaMap', undefined, { timeout: 30_000 });
    // Riverside County: towns of a few thousand people show from the county view.
    await page.evaluate('window.__alertaMap.jumpTo({ center: [-117.0, 33.75], zoom: 9 })');
    const names = async () =>
      (await page.evaluate(`window.__alertaMap.queryRenderedFeatures({ layers: ['places-major', 'places-city', 'places-town'] }).map((f) => f.properties.n)`)) as string[];
    const towns = async () => (await page.evaluate(`window.__alertaMap.queryRenderedFeatures({ layers: ['places-town'] }).length`)) as number;
    await eventually(async () => expect(await names()).toContain('Riverside'), 30_000);
    expect(await towns()).toBeGreaterThan(10);
    expect(await page.locator('.maplibregl-ctrl-attrib').innerText()).toMatch(/GeoNames/);
    await page.screenshot({ path: ARTIFACTS + 'console-map-places.png' });
    // The national view names only the large cities (the towns' tier starts at the county view).
    await page.evaluate('window.__alertaMap.jumpTo({ center: [-98.5, 38.5], zoom: 3.5 })');
    await eventually(async () => expect(await names()).toContain('Chicago'), 10_000);
    expect(await towns()).toBe(0);
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

/**
 * With MAP_PMTILES the console draws the self-hosted basemap: a one-tile archive whose only feature is a
 * `water` polygon (encoded as a real vector tile) is fetched through the pmtiles protocol from our API
 * and drawn by the Protomaps style; the offline GeoNames labels step aside for the basemap's own.
 */
describe.skipIf(skip)('console map over a self-hosted basemap (browser end-to-end)', () => {
  let testDb: TestDb;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const pageErrors: string[] = [];
  const ranges: string[] = [];

  beforeAll(async () => {
    const water = new GeoJSONVT({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[-170, -60], [170, -60], [170, 70], [-170, 70], [-170, -60]]] } }] }, { maxZoom: 0 });
    const tile = fromGeojsonVt({ water: water.getTile(0, 0, 0)! }, { version: 2, extent: 4096 });
    const file = join(mkdtempSync(join(tmpdir(), 'alerta-basemap-')), 'water.pmtiles');
    writeFileSync(file, pmtilesArchive([{ z: 0, x: 0, y: 0, data: tile }], { name: 'water', vector_layers: [{ id: 'water', fields: {} }] }, TILE_TYPE.MVT));
    testDb = await prepareBrowserSuite();
    server = await startTestServer(testDb.db, { mapPmtiles: file });
    server.httpServer.on('request', (req) => {
      if (req.url === '/map/basemap.pmtiles' && req.headers.range) ranges.push(req.headers.range);
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await testDb?.dispose();
  });

  it('draws the basemap\u2019s water from our own API in range requests, and no GeoNames labels over it', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    await page.goto(`${server.url}/#token=${await operatorToken('losangeles')}`);
    await page.waitForFunction('!!window.__alertaMap', undefined, { timeout: 30_000 });
    await eventually(async () => expect(await page.evaluate(`window.__alertaMap.queryRenderedFeatures({ layers: ['water'] }).length`)).toBeGreaterThan(0), 30_000);
    expect(ranges.length).toBeGreaterThan(0);
    expect(await page.evaluate(`!!window.__alertaMap.getLayer('places-major')`)).toBe(false);
    expect(await page.locator('.maplibregl-ctrl-attrib').innerText()).toMatch(/OpenStreetMap/);
    await page.screenshot({ path: ARTIFACTS + 'console-map-basemap.png' });
    expect(pageErrors).toEqual([]);
  });
});
