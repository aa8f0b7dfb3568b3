/**
 * The settings of deployment safety (identity provider, demo data, database roles, shutdown), read by
 * `loadConfig` (api/src/config.ts) and kept here so that file stays a list.
 */
import { ROLES, type Role } from './domain/viewer.js';
import type { JwtConfig } from './auth/jwt.js';

export interface OpsConfig {
  /** Seed the fictional demo advisors (embedded development default, or `SEED_DEMO=1`; `--demo` adds it at start). */
  seedDemo: boolean;
  /** `ALLOW_DEMO_DATA=1`: a production start proceeds although demo rows are present. */
  allowDemoData: boolean;
  /** The role that migrates (`MIGRATION_DATABASE_URL`); null: `DATABASE_URL` migrates and serves. */
  migrationDatabaseUrl: string | null;
  /** How long in-flight HTTP requests may take to finish after SIGTERM before their sockets are closed. */
  shutdownGraceMs: number;
}

const flag = (env: NodeJS.ProcessEnv, name: string): boolean => {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new Error(`${name} must be 1 or 0, got "${raw}"`);
};

export function loadOpsConfig(env: NodeJS.ProcessEnv, production: boolean, int: (name: string, fallback: number, min: number, max: number) => number): OpsConfig {
  const embeddedDev = !env.DATABASE_URL && !env.DATABASE_URLS && !production;
  const seedDemo = flag(env, 'SEED_DEMO') || embeddedDev;
  const allowDemoData = flag(env, 'ALLOW_DEMO_DATA');
  if (production && flag(env, 'SEED_DEMO') && !allowDemoData)
    throw new Error('SEED_DEMO=1 with NODE_ENV=production would put fictional advisors into a real deployment: set ALLOW_DEMO_DATA=1 too if that is really meant');
  const migrationDatabaseUrl = env.MIGRATION_DATABASE_URL || null;
  if (migrationDatabaseUrl && !env.DATABASE_URL) throw new Error('MIGRATION_DATABASE_URL needs DATABASE_URL (the role that serves)');
  return { seedDemo, allowDemoData, migrationDatabaseUrl, shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 8_000, 0, 120_000) };
}

/**
 * `AUTH_JWKS_URL`: an identity provider's keys. Refused without `AUTH_JWT_ISSUER` and `AUTH_JWT_AUDIENCE`:
 * without them any token the provider ever signed, for any application or tenant, would sign in here.
 */
export function jwksConfig(env: NodeJS.ProcessEnv): Pick<JwtConfig, 'jwks'> {
  const url = env.AUTH_JWKS_URL;
  if (!url) return {};
  const issuer = env.AUTH_JWT_ISSUER ?? '';
  const audience = env.AUTH_JWT_AUDIENCE ?? '';
  if (!issuer || !audience)
    throw new Error('AUTH_JWKS_URL needs AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE: without them tokens the identity provider signed for other applications would be accepted');
  if (!/^https?:\/\//.test(url)) throw new Error(`AUTH_JWKS_URL must be an http(s) URL, got "${url}"`);
  const roles = (env.AUTH_JWKS_ROLES ?? 'OPERATOR,SUPERVISOR').split(',').map((r) => r.trim());
  for (const r of roles) if (!ROLES.includes(r as Role)) throw new Error(`AUTH_JWKS_ROLES: unknown role "${r}"`);
  return { jwks: { url, roles: roles as Role[], issuer, audience } };
}
