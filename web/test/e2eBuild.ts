import { mkdirSync, rmSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_WEB_DIST } from '../../api/test/support/server.js';
import { E2E_MODE } from '../src/map/testHooks';

const WEB = fileURLToPath(new URL('..', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** What the web build reads from this repository (the language list is the API's own file). */
const INPUTS = [join(WEB, 'src'), join(WEB, 'build'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), join(REPO, 'api/src/domain')];
const LOCK = TEST_WEB_DIST.replace(/\/$/, '') + '.lock';
const LOCK_STALE_MS = 5 * 60_000;
const LOCK_WAIT_MS = 3 * 60_000;

function newestMtime(path: string): number {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((n) => newestMtime(join(path, n))));
}

const isFresh = (): boolean => {
  const built = statSync(join(TEST_WEB_DIST, 'index.html'), { throwIfNoEntry: false });
  return !!built && built.mtimeMs >= Math.max(...INPUTS.map(newestMtime));
};

/** A directory as a lock between the test workers: mkdir either creates it or fails, never both. */
async function withLock(work: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // Left by a run that was killed mid-build.
      if (Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${LOCK} held for more than ${LOCK_WAIT_MS / 1000} s`, { cause: e });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * The web app the test servers serve (TEST_WEB_DIST): a production build in the e2e mode, which keeps the
 * map's test hooks (src/map/testHooks.ts) that `npm run build:web` leaves out. Rebuilt when a source is
 * newer than it, by one test worker while the others wait.
 */
export async function ensureE2eBuild(): Promise<void> {
  if (isFresh()) return;
  await withLock(async () => {
    if (isFresh()) return; // built by another worker while this one waited
    const { build } = await import('vite');
    await build({ configFile: join(WEB, 'vite.config.ts'), mode: E2E_MODE, logLevel: 'warn', build: { outDir: TEST_WEB_DIST, emptyOutDir: true } });
  });
}
