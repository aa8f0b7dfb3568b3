import { useEffect, useState } from 'react';

export interface AppConfig {
  /** When set, the map renders through Mapbox GL; otherwise MapLibre (no account, no tiles). */
  mapboxToken: string | null;
  /** Development only: the sign-in screen offers the seeded operators (POST /dev/sign-in). */
  devSignIn: boolean;
  /** MAP_PMTILES is set: the MapLibre maps draw the self-hosted basemap (/map/basemap.pmtiles). */
  basemap: boolean;
}

const FALLBACK: AppConfig = { mapboxToken: null, devSignIn: false, basemap: false };

/** Runtime settings from the server, so one build serves every deployment. Undefined while loading. */
export function useAppConfig(): AppConfig | undefined {
  const [config, setConfig] = useState<AppConfig>();
  useEffect(() => {
    let live = true;
    fetch('/app-config.json')
      .then((r) => (r.ok ? (r.json() as Promise<Partial<AppConfig>>) : FALLBACK))
      .then((c) => ({ mapboxToken: typeof c.mapboxToken === 'string' && c.mapboxToken ? c.mapboxToken : null, devSignIn: c.devSignIn === true, basemap: c.basemap === true }))
      // Without the config the console still works: it falls back to the self-contained MapLibre map.
      .catch(() => FALLBACK)
      .then((c) => live && setConfig(c));
    return () => {
      live = false;
    };
  }, []);
  return config;
}
