/**
 * Reading one environment value, shared by config.ts and the sections it loads (networkConfig.ts,
 * sms/config.ts): here, below all of them, so none of them imports config.ts back.
 */

/** An integer setting within [min, max]; unset or empty: `fallback`. Anything else refuses to start. */
export function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer ${min}-${max}, got "${raw}"`);
  return v;
}
