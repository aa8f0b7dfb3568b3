import { VitePWA, type ManifestOptions } from 'vite-plugin-pwa';

/**
 * The installed app is the person's alert button: Spanish first, opening straight on /alert, standalone
 * (no browser bar to fumble with). Icons: web/build/icons.ts draws them (`npm run icons`).
 */
export const MANIFEST: Partial<ManifestOptions> = {
  id: '/alert',
  name: 'Alerta Consular',
  short_name: 'Alerta Consular',
  description: 'Botón de alerta de la red consular de México en Estados Unidos.',
  lang: 'es',
  dir: 'ltr',
  start_url: '/alert',
  scope: '/alert',
  display: 'standalone',
  orientation: 'portrait',
  background_color: '#ffffff',
  theme_color: '#0b2a1f',
  icons: [
    { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
    { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};

/**
 * vite-plugin-pwa with Workbox's injectManifest: web/src/sw.ts gets the precache list. Precached: the app
 * shell, its scripts and styles (translations are in them), icons and fonts. Not precached: the map
 * libraries' chunks and the place names (megabytes the alert button never loads) and anything the
 * server answers at run time (GraphQL, /app-config.json, /geo): no personal data ever enters a cache.
 */
export function pwaPlugin() {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src',
    filename: 'sw.ts',
    scope: '/alert',
    base: '/',
    injectRegister: false, // web/src/person/offline/registerServiceWorker.ts, from /alert only
    manifest: MANIFEST,
    injectManifest: {
      // The manifest and its icons are added by the plugin itself. Fonts: the pages use the phone's own
      // (system-ui), so none is downloaded; a web font added later is precached by this pattern.
      globPatterns: ['**/*.{html,js,css,svg,ico,woff,woff2}'],
      globIgnores: ['**/mapbox-gl-*', '**/maplibre-gl-*', '**/PlaceLabels-*', 'map/**', 'sw.js'],
      // Above this a file is left out with a warning: the person's bundle must stay under it (the e2e test
      // of an offline reload fails otherwise).
      maximumFileSizeToCacheInBytes: 1_000_000,
    },
  });
}
