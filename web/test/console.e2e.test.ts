import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cloneTestDb, backends, type TestDb } from '../../api/test/support/db.js';
import { startTestServer, operatorToken, personToken, gql, eventually, token, testConfig } from '../../api/test/support/server.js';

/**
 * The console against the real server (HTTP + graphql-ws + static web/dist) in Debian's Chromium.
 * Never downloads a browser: without /usr/bin/chromium the suite is skipped locally, and fails in CI.
 */
const CHROMIUM = '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true';
const WEB = fileURLToPath(new URL('..', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const LA = { lat: 34.05, lon: -118.25 };
const RAISE = 'mutation($i: RaiseAlertInput!){ raiseAlert(input:$i){ id } }';

// Decodes a PNG in the page (no PNG library in node_modules) and reports how varied its pixels are.
// A string, not a function: the test transform may inject helpers that do not exist in the page.
const PIXEL_STATS = `async (b64) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + b64;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.width; c.height = img.height;
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  const counts = new Map();
  for (let i = 0; i < d.length; i += 4) {
    const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
    counts.set(k, (counts.get(k) || 0) + 1);
  }
  return { distinct: counts.size, topShare: Math.max(...counts.values()) / (d.length / 4) };
}`;

describe.skipIf(skip)('console (browser end-to-end)', () => {
  let testDb: TestDb;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  // Lets a test cut the browser's WebSocket and hold reconnects off, like a network outage.
  const sockets = new Set<Duplex>();
  let refuseUpgrades = false;

  const raise = async (key: string) => {
    const res = await gql<{ raiseAlert: { id: string } }>(server.url, RAISE, { i: { location: LA, idempotencyKey: key } }, await personToken(`e2e-${key}`));
    expect(res.errors).toBeUndefined();
    return res.data!.raiseAlert.id;
  };
  const row = (id: string) => page.locator('[data-testid=alert-row]', { hasText: id.slice(0, 8) });
  const connectionText = () => page.getByTestId('connection').innerText();

  beforeAll(async () => {
    // The server decides at start-up whether to serve web/dist, so the build must exist first.
    if (!existsSync(WEB + 'dist/index.html')) {
      const { build } = await import('vite');
      await build({ configFile: WEB + 'vite.config.ts', logLevel: 'warn' });
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    const kinds = backends();
    testDb = await cloneTestDb(kinds.includes('pglite') ? 'pglite' : kinds[0]!);
    server = await startTestServer(testDb.db);

    const upgrade = server.httpServer.listeners('upgrade') as Array<(req: IncomingMessage, socket: Duplex, head: Buffer) => void>;
    server.httpServer.removeAllListeners('upgrade');
    server.httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (refuseUpgrades) return void socket.destroy();
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      for (const l of upgrade) l.call(server.httpServer, req, socket, head);
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await testDb?.dispose();
  });

  it('signs in from the URL fragment and removes the token from the address bar', async () => {
    await page.goto(`${server.url}/#token=${await operatorToken('losangeles')}`);
    await eventually(async () => expect(await connectionText()).toMatch(/en vivo/i), 15_000);
    expect(page.url()).not.toContain('token');
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate('sessionStorage.length')).toBe(1);
    await expect(page.getByTestId('alerts-empty').isVisible()).resolves.toBe(true);
  });

  it('draws the district map (not a blank canvas)', async () => {
    const canvas = page.locator('.maplibregl-canvas');
    await canvas.waitFor({ state: 'visible', timeout: 15_000 });
    // Rendering is asynchronous (worker parses the districts); poll until real geometry shows.
    await eventually(async () => {
      const png = await canvas.screenshot();
      const stats = (await page.evaluate(`(${PIXEL_STATS})(${JSON.stringify(png.toString('base64'))})`)) as { distinct: number; topShare: number };
      expect(stats.distinct).toBeGreaterThanOrEqual(3);
      expect(stats.topShare).toBeLessThan(0.98);
    }, 20_000);
    await page.screenshot({ path: ARTIFACTS + 'console-map.png' });
  });

  it('shows an alert raised at Los Angeles within 2 s, by its short code', async () => {
    // Without a cursor the stream is live-only: raise only once the server-side subscription exists.
    await eventually(() => expect(server.hub.listenerCount).toBeGreaterThan(0));
    const id = await raise(`live-${Date.now()}`);
    await row(id).waitFor({ state: 'visible', timeout: 2_000 });
    const text = await row(id).innerText();
    expect(text).toContain(id.slice(0, 8));
    expect(text).toMatch(/Los Ángeles|Los Angeles/i);
    await page.screenshot({ path: ARTIFACTS + 'console-alert.png' });
  });

  it('after a dropped connection, resumes from its last cursor and shows what it missed', async () => {
    refuseUpgrades = true;
    for (const s of sockets) s.destroy();
    await eventually(async () => expect(await connectionText()).toMatch(/reconectando/i), 5_000);
    await page.screenshot({ path: ARTIFACTS + 'console-reconnecting.png' });

    // Raised while the console is away, and fully delivered by the server before it comes back:
    // a live-only resubscribe would never show it.
    const before = server.hub.deliveredSeq;
    const id = await raise(`gap-${Date.now()}`);
    await eventually(() => expect(server.hub.deliveredSeq).toBeGreaterThan(before));

    refuseUpgrades = false;
    await row(id).waitFor({ state: 'visible', timeout: 20_000 });
    await eventually(async () => expect(await connectionText()).toMatch(/en vivo/i));
    await page.screenshot({ path: ARTIFACTS + 'console-resumed.png' });
  });

  it('offers a sign-in form when there is no token, and signs in with "Entrar"', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    try {
      await fresh.goto(server.url + '/');
      await fresh.getByTestId('token-input').fill(await operatorToken('losangeles'));
      await fresh.getByRole('button', { name: 'Entrar' }).click();
      await eventually(async () => expect(await fresh.getByTestId('connection').innerText()).toMatch(/en vivo/i), 15_000);
    } finally {
      await fresh.close();
    }
  });

  it('says so when the server rejects the token, instead of reconnecting forever', async () => {
    // Well-formed and unexpired (so the page accepts it) but signed with another key.
    const forged = await token({ role: 'OPERATOR', sub: 'op-forged', consulateId: 'losangeles' }, testConfig({ jwt: { secret: 'x'.repeat(40) } }));
    const fresh = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    try {
      await fresh.goto(`${server.url}/#token=${forged}`);
      await eventually(async () => expect(await fresh.getByTestId('connection').getAttribute('data-status')).toBe('rejected'), 15_000);
      await fresh.getByTestId('alerts-error').waitFor({ state: 'visible' });
      await fresh.screenshot({ path: ARTIFACTS + 'console-rejected.png' });
    } finally {
      await fresh.close();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
