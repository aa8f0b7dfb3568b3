/**
 * The console in Debian's Chromium during a bench point: the production web app (built once into a
 * temporary folder the bench's server serves), signed in with an operator's token, and the page's
 * requestAnimationFrame intervals over a window, to see whether a raid on screen makes the map stutter.
 */
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { summarize, type Summary } from './svc-common.js';

export const BENCH_WEB_DIST = join(os.tmpdir(), 'alerta-bench-web');
const CHROMIUM = '/usr/bin/chromium';

/** Builds the web app (production mode) for the bench's server; returns false where it cannot. */
export async function buildBenchWeb(log: (s: string) => void): Promise<boolean> {
  if (!existsSync(CHROMIUM)) {
    log(`no ${CHROMIUM}: the console's frame intervals are not measured`);
    return false;
  }
  const { build } = await import('vite');
  const t0 = performance.now();
  await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)), logLevel: 'warn', build: { outDir: BENCH_WEB_DIST, emptyOutDir: true } });
  log(`web app built into ${BENCH_WEB_DIST} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return true;
}

export interface ConsolePage {
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/** The console signed in as `token` (the `#token=` sign-in), once it says it is live. */
export async function openConsole(serverUrl: string, token: string): Promise<ConsolePage> {
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({
    executablePath: lowPriorityChromium(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--enable-unsafe-swiftshader'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${serverUrl}/#token=${token}`);
  await page.locator('[data-testid=connection][data-status=connected]').waitFor({ timeout: 60_000 });
  return { page, errors, close: () => browser.close() };
}

/**
 * Chromium at the lowest CPU priority (nice 19, inherited by every process it starts, and for its session's autogroup). An operator's console
 * runs on another computer; here it shares the bench's 2 cores with the server, the database and the load,
 * and at equal priority its software rendering took about half of them: the points it was open for measured
 * a saturated server, not the service. The frames it draws are then what is left over, a pessimistic reading.
 */
function lowPriorityChromium(): string {
  const wrapper = join(os.tmpdir(), 'alerta-bench-chromium-nice.sh');
  // Playwright starts the browser in a session of its own, and with the kernel's autogroup scheduling a session is
  // one group that gets an equal share of the CPUs whatever its processes' nice: the group's own nice is set too.
  writeFileSync(wrapper, `#!/bin/sh\n[ -w /proc/self/autogroup ] && echo 19 > /proc/self/autogroup 2>/dev/null\nexec nice -n 19 ${CHROMIUM} "$@"\n`, { mode: 0o755 });
  return wrapper;
}

/** Starts recording frame intervals in the page (a string: the page has none of this module's helpers). */
export const startFrames = (p: Page) =>
  p.evaluate(`(() => { window.__benchFrames = []; window.__benchFramesOn = true; let last = performance.now();
    const tick = (t) => { window.__benchFrames.push(t - last); last = t; if (window.__benchFramesOn) requestAnimationFrame(tick); };
    requestAnimationFrame(tick); })()`);

/** Stops recording; the intervals' summary (ms). */
export async function stopFrames(p: Page): Promise<Summary> {
  const frames = (await p.evaluate('(() => { window.__benchFramesOn = false; return window.__benchFrames; })()')) as number[];
  return summarize(frames);
}

/**
 * Records, in the page, when each alert row (`data-alert-id`) first enters the DOM, by the page's wall clock.
 * A string, not a function: the page runs it as written, without the bundler's helpers.
 */
const WATCH_ROWS = `(() => {
  const seen = (window.__benchRowsSeen = window.__benchRowsSeen || {});
  const scan = () => { for (const el of document.querySelectorAll('[data-alert-id]')) { const id = el.getAttribute('data-alert-id'); if (!(id in seen)) seen[id] = Date.now(); } };
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
  scan();
})()`;

export async function watchRows(page: Page): Promise<void> {
  await page.evaluate(WATCH_ROWS);
}

/** When each row was first seen (epoch ms), for the ids that have appeared. */
export async function rowsSeenAt(page: Page): Promise<Record<string, number>> {
  return (await page.evaluate('window.__benchRowsSeen || {}')) as Record<string, number>;
}
