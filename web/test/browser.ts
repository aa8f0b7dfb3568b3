import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { backends, cloneTestDb, type TestDb } from '../../api/test/support/db.js';

/** Debian's Chromium: the end-to-end tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'],
  });

// Decodes a PNG in the page (no PNG library in node_modules) and reports how varied its pixels are.
// A string, not a function: the test transform may inject helpers that do not exist in the page.
export const PIXEL_STATS = `async (b64) => {
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

/**
 * What every browser suite needs first: the built web app (the server decides at start-up whether to
 * serve web/dist, so it must exist before the server starts), the artifacts folder, and a test database
 * of its own (PGlite when available: the browser suites test the pages, not the backend).
 */
export async function prepareBrowserSuite(): Promise<TestDb> {
  const web = fileURLToPath(new URL('..', import.meta.url));
  // sw.js: a dist built before the person's page became an installable app is rebuilt too.
  if (!existsSync(web + 'dist/index.html') || !existsSync(web + 'dist/sw.js')) {
    const { build } = await import('vite');
    await build({ configFile: web + 'vite.config.ts', logLevel: 'warn' });
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const kinds = backends();
  return cloneTestDb(kinds.includes('pglite') ? 'pglite' : kinds[0]!);
}

/** Screenshots and other files the browser suites leave for people to look at. */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
