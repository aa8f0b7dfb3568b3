import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNetworkConfig, type NetworkConfig } from './networkConfig.js';
import { intEnv } from './envValues.js';
import { jwksConfig, loadOpsConfig, type OpsConfig } from './configOps.js';
import { loadSmsConfig, type SmsConfig } from './sms/config.js';
import { loadIncidentConfig, type IncidentConfig } from './incidentsConfig.js';

/** The persisted-operations manifest codegen writes from web/src (`PERSISTED_MANIFEST` overrides it). */
export const MANIFEST_PATH = fileURLToPath(new URL('../../web/src/gql/persisted-documents.json', import.meta.url));

const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
/** Dispatch rules that operators may tune per deployment. */
export interface DispatchConfig {
  offerTtlSeconds: number;
  /** After this many offers nobody took, the alert is ESCALATED to the control room. */
  maxOffers: number;
  /** An advisor position older than this does not count as nearby. */
  locationMaxAgeSeconds: number;
  /** Advisors of other consulates within this distance are candidates too; advisors within it may claim. */
  nearbyRadiusM: number;
  /** How often each process looks for expired offers. */
  sweepIntervalMs: number;
  /** Raises per person per 10 minutes before further ones are flagged for verification (never dropped). */
  raiseLimitPer10Min: number;
}

/** How long precise data outlives a closed alert, and the abuse limits that are not per-alert. */
export interface PrivacyConfig {
  retentionDays: number;
  retentionSweepMs: number;
  /** How long what the purge leaves of a closed alert is kept before it is counted and deleted (sql/history.ts). */
  historyDays: number;
  /** registerPerson calls per client address per hour. */
  registrationsPerHour: number;
  /** Open WebSocket connections per token subject. */
  connectionsPerToken: number;
}

export interface Config {
  production: boolean;
  port: number;
  host: string;
  /** Real PostgreSQL when set; otherwise the embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
  /** READ_DATABASE_URL: a hot standby for lag-tolerant reads (Db.reads); null: none. */
  readDatabaseUrl: string | null;
  /** READ_MAX_LAG_MS: a standby further behind than this is not read; the primary answers instead. */
  readMaxLagMs: number;
  dataDir: string;
  jwt: import('./auth/jwt.js').JwtConfig;
  /** Where the dev secret came from, to tell the developer how to mint tokens. */
  jwtSecretSource: 'env' | 'dev-file';
  introspection: boolean;
  allowedOrigins: string[];
  offerTtlSeconds: number;
  dispatch: DispatchConfig;
  privacy: PrivacyConfig;
  mapboxToken: string | null;
  /** MAP_PMTILES: a self-hosted basemap archive served at /map/basemap.pmtiles (docs/MAPS.md); null: none. */
  mapPmtiles: string | null;
  /** SMS_NUMBER: where the person's page sends an alert by text message ("enviar por SMS"); null: no SMS button. */
  smsNumber: string | null;
  /**
   * The built web app this server serves, when the folder exists: web/dist (`npm run build:web`). The
   * tests serve web/dist-e2e instead, built with the map's test hooks (web/test/browser.ts).
   */
  webDist: string;
  /**
   * The console's "sign in as a seeded operator" (POST /dev/sign-in, from this machine only). On by
   * default only in development with the generated secret; never in production.
   */
  devSignIn: boolean;
  /** WebSocket keep-alive: a ping this often; a socket that misses one is closed at the next. */
  wsKeepAliveMs: number;
  /** Roles limited to the published clients' operations (web/src/gql/persisted-documents.json). */
  persistedOnlyFor: Array<'PERSON'>;
  /** The safelist file (codegen's persisted-documents.json). */
  persistedManifestPath: string;
  /** Metrics access, proxies, HTTP deadlines, anonymous WebSocket caps (api/src/networkConfig.ts). */
  network: NetworkConfig;
  /** Demo data, database roles and shutdown (api/src/configOps.ts). */
  ops: OpsConfig;
  /** SMS intake and delivery (api/src/sms/config.ts, docs/SMS.md). */
  sms: SmsConfig;
  /** Raid mode: INCIDENT_RADIUS_M, INCIDENT_WINDOW_MIN, INCIDENT_MIN_ALERTS (api/src/incidentsConfig.ts). */
  incidents: IncidentConfig;
}

/** Reads the environment once, at the entry point. Fails fast with a clear message on bad settings. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR ?? '.data');
  const port = env.PORT === undefined ? 4000 : Number(env.PORT);
  const retentionDays = intEnv(env, 'RETENTION_DAYS', 30, 0, 3650);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer 0-65535, got "${env.PORT}"`);

  let secret = env.AUTH_JWT_SECRET ?? '';
  let jwtSecretSource: Config['jwtSecretSource'] = 'env';
  if (secret) {
    if (secret.length < 32) throw new Error('AUTH_JWT_SECRET must be at least 32 characters');
  } else if (production) {
    throw new Error('AUTH_JWT_SECRET (at least 32 characters) is required when NODE_ENV=production');
  } else {
    secret = devSecret(dataDir);
    jwtSecretSource = 'dev-file';
  }
  const ttl = Number(env.OFFER_TTL_SECONDS ?? 60);
  if (!(ttl >= 5 && ttl <= 3600)) throw new Error('OFFER_TTL_SECONDS must be between 5 and 3600');
  return {
    production,
    port,
    host: env.HOST ?? '0.0.0.0',
    // DATABASE_URLS: several hosts, the writable one found at start and after a failover (db/primary.ts).
    databaseUrl: env.DATABASE_URL || env.DATABASE_URLS || null,
    readDatabaseUrl: env.READ_DATABASE_URL || null,
    readMaxLagMs: intEnv(env, 'READ_MAX_LAG_MS', 5_000, 0, 600_000),
    dataDir,
    jwt: {
      secret,
      ...(env.AUTH_JWT_ISSUER ? { issuer: env.AUTH_JWT_ISSUER } : {}),
      ...(env.AUTH_JWT_AUDIENCE ? { audience: env.AUTH_JWT_AUDIENCE } : {}),
      ...jwksConfig(env),
    },
    jwtSecretSource,
    // Off unless asked for, in every environment: the schema file is the documentation.
    introspection: env.GRAPHQL_INTROSPECTION === 'true',
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    offerTtlSeconds: ttl,
    dispatch: {
      offerTtlSeconds: ttl,
      maxOffers: intEnv(env, 'MAX_OFFERS', 3, 1, 20),
      locationMaxAgeSeconds: intEnv(env, 'ADVISOR_LOCATION_MAX_AGE_SECONDS', 600, 10, 86_400),
      nearbyRadiusM: intEnv(env, 'NEARBY_RADIUS_KM', 30, 1, 500) * 1000,
      sweepIntervalMs: intEnv(env, 'OFFER_SWEEP_INTERVAL_MS', 1000, 50, 60_000),
      raiseLimitPer10Min: intEnv(env, 'RAISE_LIMIT_PER_10_MIN', 5, 1, 1000),
    },
    privacy: {
      retentionDays,
      retentionSweepMs: intEnv(env, 'RETENTION_SWEEP_MS', 3_600_000, 100, 86_400_000),
      historyDays: historyDays(env, retentionDays),
      registrationsPerHour: intEnv(env, 'REGISTRATIONS_PER_HOUR', 10, 1, 100_000),
      connectionsPerToken: intEnv(env, 'CONNECTIONS_PER_TOKEN', 10, 1, 10_000),
    },
    mapboxToken: env.MAPBOX_ACCESS_TOKEN || null,
    mapPmtiles: pmtilesFile(env.MAP_PMTILES),
    webDist: WEB_DIST,
    smsNumber: smsNumber(env.SMS_NUMBER),
    devSignIn: devSignIn(env.DEV_SIGN_IN, production, jwtSecretSource),
    wsKeepAliveMs: intEnv(env, 'WS_KEEPALIVE_MS', 30_000, 1_000, 600_000),
    // On by default in production: a stolen person token cannot be used to probe the API.
    persistedManifestPath: env.PERSISTED_MANIFEST ?? MANIFEST_PATH,
    persistedOnlyFor: (env.PERSISTED_OPERATIONS ?? (production ? 'person' : 'off')) === 'person' ? ['PERSON'] : [],
    network: loadNetworkConfig(env),
    ops: loadOpsConfig(env, production, (name, fallback, min, max) => intEnv(env, name, fallback, min, max)),
    sms: loadSmsConfig(env, secret, production),
    incidents: loadIncidentConfig((name, fallback, min, max) => intEnv(env, name, fallback, min, max)),
  };
}

/**
 * ALERT_HISTORY_DAYS: never shorter than the statistics' longest window (dispatchStats takes up to 90 days)
 * nor than RETENTION_DAYS (the purge comes first: only a purged alert is ever deleted).
 */
function historyDays(env: NodeJS.ProcessEnv, retentionDays: number): number {
  const days = intEnv(env, 'ALERT_HISTORY_DAYS', 400, 90, 36_500);
  if (days < retentionDays) throw new Error(`ALERT_HISTORY_DAYS (${days}) must not be shorter than RETENTION_DAYS (${retentionDays})`);
  return days;
}

function devSignIn(raw: string | undefined, production: boolean, source: Config['jwtSecretSource']): boolean {
  if (raw !== undefined && raw !== '' && raw !== 'true' && raw !== 'false') throw new Error(`DEV_SIGN_IN must be true or false, got "${raw}"`);
  if (raw === 'true' && production) throw new Error('DEV_SIGN_IN cannot be enabled when NODE_ENV=production');
  return raw === 'true' || (raw === undefined && !production && source === 'dev-file');
}

/** E.164 (`+` and 8-15 digits) or a short code (3-8 digits); spaces, dashes and brackets are dropped. */
function smsNumber(raw: string | undefined): string | null {
  const n = (raw ?? '').replace(/[\s\-().]/g, '');
  if (!n) return null;
  if (!/^(\+[1-9]\d{7,14}|\d{3,8})$/.test(n)) throw new Error(`SMS_NUMBER must be an E.164 number (+15551234567) or a short code, got "${raw}"`);
  return n;
}

function pmtilesFile(raw: string | undefined): string | null {
  if (!raw) return null;
  const file = resolve(raw);
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`MAP_PMTILES must name a PMTiles file, but "${file}" is not a file`);
  return file;
}

/** A random secret kept in the data dir, so `npm run token` and the server agree without setup. */
export function devSecret(dataDir: string): string {
  const file = join(dataDir, 'dev-jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const s = randomBytes(32).toString('base64url');
  writeFileSync(file, s + '\n', { mode: 0o600 });
  return s;
}
