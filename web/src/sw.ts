/**
 * The person's page's service worker, compiled by vite-plugin-pwa (injectManifest) into web/dist/sw.js and
 * registered from /alert with scope /alert (web/src/person/offline/registerServiceWorker.ts).
 *
 * - Workbox precaches the app shell and static assets listed at build time (web/build/pwa.ts says which):
 *   after one visit /alert, its translations (bundled in the JavaScript) and its icons open offline.
 * - Nothing else is cached: /graphql, /app-config.json, tokens and any answer carrying personal data go
 *   to the network untouched (no runtime caching route exists), see docs/SECURITY.md.
 * - Background Sync (Chromium): the raise queue in IndexedDB is sent when the network is back, even with
 *   the page closed, by the same code the page runs (web/src/person/offline/).
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { idbQueueStore } from './person/offline/idbQueue';
import { flushQueue, RAISE_SYNC_TAG } from './person/offline/queue';
import { sendRaise } from './person/offline/sendRaise';

// The project compiles with the DOM library; these are the few service-worker types used here.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
interface ServiceWorkerScope {
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'sync', listener: (e: SyncEvent) => void): void;
}
const sw = self as unknown as ServiceWorkerScope;

// Workbox replaces the literal `self.__WB_MANIFEST` at build time with the list of files and their hashes.
precacheAndRoute((self as unknown as { __WB_MANIFEST: PrecacheEntry[] }).__WB_MANIFEST);
cleanupOutdatedCaches();
// A reload of /alert without a network gets the precached app shell; nothing outside /alert is answered here.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { allowlist: [/^\/alert\/?$/] }));

// A new version takes over at once: the shell is hashed, and a phone should not keep a fixed bug for days.
sw.addEventListener('install', () => void sw.skipWaiting());
sw.addEventListener('activate', (e) => e.waitUntil(sw.clients.claim()));

sw.addEventListener('sync', (e) => {
  if (e.tag !== RAISE_SYNC_TAG) return;
  e.waitUntil(
    flushQueue(idbQueueStore(), (r) => sendRaise(r)).then((report) => {
      // Still waiting: reject, so the browser tries this sync again later with its own backoff.
      if (report.waiting > 0) throw new Error(`${report.waiting} raise(s) still waiting for the network`);
    }),
  );
});
