/** The build mode the browser end-to-end tests build with (web/test/browser.ts). */
export const E2E_MODE = 'e2e';

declare global {
  interface Window {
    /** The console's map (MapLibre or Mapbox GL): what the end-to-end tests query for drawn features. */
    __alertaMap?: unknown;
    /** Per-source counters of full loads and diffs (incremental.ts). */
    __alertaMapStats?: object;
  }
}

/*
 * Handles on `window` for the end-to-end tests and for anyone debugging with the dev server; never in a
 * production build. Vite writes MODE and DEV into the code, so in production each body is `if (false)`
 * and the minifier drops it with the names (web/test/bundle.test.ts reads the bundle to prove it).
 * Written out in each function, not kept in a constant, so no minifier has to follow it.
 */

export function exposeMapForTests(map: unknown): void {
  if (import.meta.env.DEV || import.meta.env.MODE === E2E_MODE) window.__alertaMap = map;
}

export function exposeMapStatsForTests(stats: object): void {
  if ((import.meta.env.DEV || import.meta.env.MODE === E2E_MODE) && typeof window !== 'undefined') window.__alertaMapStats = stats;
}
