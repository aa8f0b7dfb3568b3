import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, launchChromium, prepareBrowserSuite } from './browser.js';
import type { TestDb } from '../../api/test/support/db.js';
import { eventually, gql, operatorToken, startTestServer } from '../../api/test/support/server.js';

/**
 * The console's district evidence box and its "uncertain counties" shading (console/DistrictEvidence.tsx,
 * map/uncertainCounties.ts), in Debian's Chromium against the real server. Little Rock: its district
 * takes West Tennessee on weak (regional) evidence, so the shading has counties to show in its own view.
 */
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true';
const LAYER = 'uncertain-counties-fill';

interface Shaded {
  layer: boolean;
  rendered: number;
  source: Array<{ fips: string; state: string; consulateId: string; uncertainty: string }>;
}

describe.skipIf(skip)('console district evidence and uncertain-county shading (browser end-to-end)', () => {
  let testDb: TestDb;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** The query string of every request for the districts' outlines that the page completed. */
  const districtRequests: string[] = [];

  /** What the map holds for the shading layer: whether it exists, how many features it draws, and its data. */
  const shaded = () =>
    page.evaluate(`(() => {
      const map = window.__alertaMap;
      if (!map || !map.isStyleLoaded()) return { layer: false, rendered: 0, source: [] };
      return {
        layer: !!map.getLayer('${LAYER}'),
        rendered: map.queryRenderedFeatures({ layers: ['${LAYER}'] }).length,
        source: map.querySourceFeatures('uncertain-counties').map((f) => f.properties),
      };
    })()`) as Promise<Shaded>;

  beforeAll(async () => {
    testDb = await prepareBrowserSuite();
    server = await startTestServer(testDb.db);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    // Finished ones only: StrictMode's second mount in this build aborts the first fetch and makes its own.
    page.on('requestfinished', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/geo/districts.geojson') districtRequests.push(url.search);
    });
    await page.goto(`${server.url}/#token=${await operatorToken('littlerock')}`);
    await eventually(async () => expect(await page.getByTestId('connection').innerText()).toMatch(/en vivo/i), 15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await testDb?.dispose();
  });

  it("shows the operator's district evidence: the API's counts per provenance and strength", async () => {
    const api = (await gql(server.url, '{ district(consulateId: "littlerock") { countyCount provenance { sourced } evidence { strong medium weak ungraded uncertain } } }')).data!.district;
    expect(api.evidence.weak).toBeGreaterThanOrEqual(19); // West Tennessee's weakly sourced counties
    const box = page.getByTestId('district-evidence');
    await eventually(async () => expect(await box.innerText()).toContain(`${api.countyCount} condados`), 15_000);
    expect(await page.getByTestId('evidence-sourced').innerText()).toBe(
      `Con fuente ${api.provenance.sourced} (fuerte ${api.evidence.strong}, media ${api.evidence.medium}, débil ${api.evidence.weak}, sin grado (1.ª pasada) ${api.evidence.ungraded})`);
    expect(await page.getByTestId('evidence-uncertain').innerText()).toBe(`${api.evidence.uncertain} inciertos: el ruteo puede equivocarse allí`);
    // Per county: the uncertain ones by name and why, the list to verify first.
    await page.getByText(`Ver los ${api.evidence.uncertain} condados inciertos`).click();
    const list = page.getByTestId('uncertain-counties').locator('li');
    expect(await list.count()).toBe(api.evidence.uncertain);
    expect(await list.allInnerTexts()).toContain('Benton, TN: débil');
  });

  it('the switch shades the uncertain counties on the map (West Tennessee, weak, for Little Rock), and unshades them', async () => {
    const toggle = page.getByTestId('uncertain-toggle');
    await eventually(async () => expect((await shaded()).layer).toBe(true), 20_000);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect((await shaded()).rendered).toBe(0);

    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await eventually(async () => {
      const s = await shaded();
      expect(s.rendered).toBeGreaterThan(0);
      const westTennessee = s.source.filter((p) => p.state === 'TN' && p.consulateId === 'littlerock');
      expect(westTennessee.length).toBeGreaterThan(0);
      expect(westTennessee.every((p) => p.uncertainty === 'WEAK')).toBe(true);
      // Every shaded feature says why it is uncertain.
      expect(s.source.every((p) => ['INFERRED', 'RECALLED', 'WEAK'].includes(p.uncertainty))).toBe(true);
    }, 20_000);
    await expect(page.getByText('Fuente débil').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: ARTIFACTS + 'console-uncertain-counties.png' });

    await toggle.click();
    await eventually(async () => expect((await shaded()).rendered).toBe(0), 10_000);
  });

  it('zooming in fetches the finer outlines of the districts (medium from z6, high from z9) once each and draws them', async () => {
    const verticesOf = (fc: { features: Array<{ geometry: { type: string; coordinates: unknown } }> }) =>
      fc.features.reduce((n, f) => n + ((f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][]).flat(2).length, 0);
    const served: Record<string, number> = {};
    for (const d of ['low', 'medium', 'high']) served[d] = verticesOf(await (await fetch(`${server.url}/geo/districts.geojson?detail=${d}`)).json());
    // What the map's districts source holds, and how many district lines it draws in view.
    const drawn = () =>
      page.evaluate(`(async () => {
        const map = window.__alertaMap;
        const d = await map.getSource('districts').getData();
        let n = 0;
        for (const f of d.features) for (const p of (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates)) for (const r of p) n += r.length;
        return { vertices: n, lines: map.queryRenderedFeatures({ layers: ['districts-line'] }).length };
      })()`) as Promise<{ vertices: number; lines: number }>;
    // Memphis: the line between Little Rock's West Tennessee and Atlanta's or Indianapolis's districts is near.
    const zoomTo = (zoom: number) => page.evaluate(`window.__alertaMap.jumpTo({ center: [-89.9, 35.3], zoom: ${zoom} })`);

    await eventually(async () => expect(await page.evaluate('!!window.__alertaMap && window.__alertaMap.isStyleLoaded()')).toBe(true), 30_000);
    await zoomTo(4);
    await eventually(async () => expect((await drawn()).vertices).toBe(served.low), 20_000);
    await zoomTo(7);
    await eventually(async () => expect((await drawn()).vertices).toBe(served.medium), 20_000);
    await zoomTo(10);
    await eventually(async () => {
      const d = await drawn();
      expect(d.vertices).toBe(served.high);
      expect(d.lines).toBeGreaterThan(0);
    }, 20_000);
    expect(served.high).toBeGreaterThan(served.medium! * 2);
    expect(served.medium).toBeGreaterThan(served.low! * 2);
    await page.screenshot({ path: ARTIFACTS + 'console-districts-high-detail.png' });

    // Back out: the low level again, from what the page already has.
    await zoomTo(4);
    await eventually(async () => expect((await drawn()).vertices).toBe(served.low), 20_000);
    expect([...districtRequests].sort()).toEqual(['', '?detail=high', '?detail=medium']);
  }, 180_000);

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
