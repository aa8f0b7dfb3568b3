/**
 * Registers the person's page's service worker (web/src/sw.ts, built to /sw.js) for /alert only: the
 * console and the officer's screen stay plain pages, never served from a cache. Production builds only:
 * the dev server has no sw.js.
 */
export function registerPersonServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/alert' }).catch((err: unknown) => {
    // Without it the page still works online; it only loses offline start-up and Background Sync.
    console.error('service worker registration failed', err);
  });
}
