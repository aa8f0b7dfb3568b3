import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, PIXEL_STATS, launchChromium, prepareBrowserSuite } from './browser.js';
import type { TestDb } from '../../api/test/support/db.js';
import { startTestServer, operatorToken, personToken, gql, eventually, token, testConfig } from '../../api/test/support/server.js';
import { NO_INCIDENTS } from '../../api/test/support/incidents.js';

/**
 * The console against the real server (HTTP + graphql-ws + static web/dist) in Debian's Chromium.
 * Never downloads a browser: without /usr/bin/chromium the suite is skipped locally, and fails in CI.
 */
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true';
const LA = { lat: 34.05, lon: -118.25 };
const RAISE = 'mutation($i: RaiseAlertInput!){ raiseAlert(input:$i){ id } }';
const REGISTER = 'mutation($i: RegisterPersonInput!){ registerPerson(input:$i){ token } }';
const CANCEL = 'mutation($id: ID!, $pin: String){ cancelAlert(id:$id, pin:$pin){ status } }';
const ALERT = 'query($id: ID!){ alert(id:$id){ status disposition assignedAdvisor { id } } }';

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
  const row = (id: string, p: Page = page) => p.locator('[data-testid=alert-row]', { hasText: id.slice(0, 8) });
  const connectionText = () => page.getByTestId('connection').innerText();
  /** Another signed-in console (its own browser context, so its own sessionStorage). */
  const openConsole = async (consulateId = 'losangeles') => {
    const p = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    p.on('pageerror', (err) => pageErrors.push(String(err)));
    await p.goto(`${server.url}/#token=${await operatorToken(consulateId)}`);
    await eventually(async () => expect(await p.getByTestId('connection').innerText()).toMatch(/en vivo/i), 15_000);
    return p;
  };

  beforeAll(async () => {
    testDb = await prepareBrowserSuite();
    // Every alert here is raised at one point by a new person: raid mode would group them under an incident
    // (console-incidents.e2e.test.ts covers that). This suite is about the queue's own rows.
    server = await startTestServer(testDb.db, { incidents: NO_INCIDENTS });

    const upgrade = server.httpServer.listeners('upgrade') as Array<(req: IncomingMessage, socket: Duplex, head: Buffer) => void>;
    server.httpServer.removeAllListeners('upgrade');
    server.httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (refuseUpgrades) return void socket.destroy();
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      for (const l of upgrade) l.call(server.httpServer, req, socket, head);
    });

    browser = await launchChromium();
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

  // Live, not reloaded: the row must come over the socket that was open before the raise. How fast it comes is
  // the product's 2 s promise, measured in the benchmark (docs/BENCHMARKS.md, "Raid point": raise → row on
  // screen), not here: on a 2-core test machine another worker's browser can hold the cores for seconds, and
  // a timed assertion failed three attempts in a row in CI while the delivery itself was right.
  it('shows an alert raised at Los Angeles live, over the open socket, by its short code', async () => {
    // The page subscribes once its queue is loaded: raise once the server-side subscription exists.
    await eventually(() => expect(server.hub.listenerCount).toBeGreaterThan(0));
    const socketsBefore = [...sockets];
    expect(socketsBefore.length).toBeGreaterThan(0);
    const t0 = performance.now();
    const id = await raise(`live-${Date.now()}`);
    const answered = performance.now() - t0;
    await row(id).waitFor({ state: 'visible', timeout: 15_000 });
    console.info(`console.e2e: raise answered ${Math.round(answered)} ms, row on screen ${Math.round(performance.now() - t0)} ms`);
    // No reconnect (so no reload of the queue): the live stream brought it.
    expect(sockets.size).toBe(socketsBefore.length);
    expect(socketsBefore.every((s) => sockets.has(s))).toBe(true);
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

  it('shows alerts raised before the page was opened (initial load)', async () => {
    const id = await raise(`before-${Date.now()}`);
    const fresh = await openConsole();
    try {
      await row(id, fresh).waitFor({ state: 'visible', timeout: 10_000 });
      // The alerts of the earlier tests are still open: all of them are in the queue.
      const ids = await fresh.locator('[data-testid=alert-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-alert-id')));
      expect(ids.length).toBeGreaterThanOrEqual(3);
      expect(ids).toContain(id);
      const open = await fresh.getByTestId('status-counts').locator('[data-status=OPEN] strong').innerText();
      expect(Number(open)).toBe(ids.length);
      await fresh.screenshot({ path: ARTIFACTS + 'console-initial-load.png' });
    } finally {
      await fresh.close();
    }
  });

  it('puts a duress alert first with a COACCIÓN badge, and escalates it from the detail panel', async () => {
    const reg = await gql<{ registerPerson: { token: string } }>(server.url, REGISTER, { i: { cancelPin: '1234', duressPin: '9876' } });
    expect(reg.errors).toBeUndefined();
    const person = reg.data!.registerPerson.token;
    const raised = await gql<{ raiseAlert: { id: string } }>(server.url, RAISE, { i: { location: LA, idempotencyKey: `duress-${Date.now()}` } }, person);
    const id = raised.data!.raiseAlert.id;
    // Answers like an ordinary cancel, but the control room keeps the alert open, under duress.
    const cancelled = await gql<{ cancelAlert: { status: string } }>(server.url, CANCEL, { id, pin: '9876' }, person);
    expect(cancelled.data?.cancelAlert.status).toBe('CANCELLED');

    const fresh = await openConsole();
    try {
      const first = fresh.locator('[data-testid=alert-row]').first();
      await eventually(async () => expect(await first.getAttribute('data-alert-id')).toBe(id), 10_000);
      expect(await first.getByTestId('duress-badge').innerText()).toBe('COACCIÓN');
      await first.click();
      await fresh.getByTestId('alert-detail').waitFor({ state: 'visible' });
      await fresh.getByTestId('escalate-button').click();
      await row(id, fresh).getByTestId('escalated-badge').waitFor({ state: 'visible', timeout: 10_000 });
      expect(await row(id, fresh).getByTestId('escalated-badge').innerText()).toBe('ESCALADA');
      await fresh.screenshot({ path: ARTIFACTS + 'console-duress-escalated.png' });
    } finally {
      await fresh.close();
    }
  });

  it('assigns an advisor and resolves the alert from the detail panel', async () => {
    const fresh = await openConsole('losangeles');
    try {
      const id = await raise(`ui-${Date.now()}`);
      await row(id, fresh).waitFor({ state: 'visible', timeout: 10_000 });
      await row(id, fresh).click();
      const detail = fresh.getByTestId('alert-detail');
      await detail.waitFor({ state: 'visible' });
      expect(await detail.getByTestId('detail-short-code').innerText()).toBe(id.slice(0, 8));
      await detail.locator('[data-testid=timeline] li').first().waitFor({ state: 'visible', timeout: 10_000 });

      // Pick the first advisor who can take it (active, below capacity).
      const select = detail.getByTestId('assign-select');
      const choice = select.locator('option:not([disabled]):not([value=""])').first();
      await choice.waitFor({ state: 'attached', timeout: 10_000 });
      const advisorId = (await choice.getAttribute('value'))!;
      await select.selectOption(advisorId);
      await detail.getByTestId('assign-button').click();
      await eventually(async () => expect(await detail.getByTestId('detail-status').innerText()).toBe('Aceptada'), 10_000);
      await eventually(async () => expect(await row(id, fresh).getByTestId('row-status').innerText()).toBe('Aceptada'));
      await detail.locator('[data-testid=timeline] li[data-event-type=ASSIGNED]').waitFor({ state: 'visible', timeout: 10_000 });
      await fresh.screenshot({ path: ARTIFACTS + 'console-assigned.png' });

      await detail.getByTestId('disposition-select').selectOption('FALSE_ALARM');
      await detail.getByTestId('action-note').fill('<b>llamada de prueba</b>');
      await detail.getByTestId('resolve-button').click();
      await row(id, fresh).waitFor({ state: 'detached', timeout: 10_000 });
      await eventually(async () => expect(await detail.getByTestId('detail-status').innerText()).toBe('Resuelta'), 10_000);
      // The note is shown as the text typed, not as markup.
      await detail.getByText('<b>llamada de prueba</b>').waitFor({ state: 'visible', timeout: 10_000 });
      await fresh.screenshot({ path: ARTIFACTS + 'console-resolved.png' });

      const res = await gql<{ alert: { status: string; disposition: string; assignedAdvisor: { id: string } | null } }>(server.url, ALERT, { id }, await operatorToken('losangeles'));
      expect(res.errors).toBeUndefined();
      expect(res.data!.alert).toMatchObject({ status: 'RESOLVED', disposition: 'FALSE_ALARM', assignedAdvisor: { id: advisorId } });
      expect(await row(id, fresh).count()).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
