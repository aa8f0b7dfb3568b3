/**
 * Registers the person's page's service worker (web/src/sw.ts, built to /sw.js) for /alert only: the
 * console and the officer's screen stay plain pages, never served from a cache. Built pages only: the dev
 * server (mode `development`) has no sw.js. Not `import.meta.env.PROD`: a build made under NODE_ENV=test
 * (the browser tests build the app themselves) has PROD false and must register all the same.
 */
export function registerPersonServiceWorker(): void {
  if (import.meta.env.MODE === 'development' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/alert' }).catch((err: unknown) => {
    // Without it the page still works online; it only loses offline start-up and Background Sync.
    console.error('service worker registration failed', err);
  });
}
