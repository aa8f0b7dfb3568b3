import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { afterAll, beforeAll } from 'vitest';
import { cloneTestDb, type TestDb } from './db.js';
import type { BackendKind } from '../../src/db/types.js';
import { createClient, type Client } from 'graphql-ws';
import { startServer, type RunningServer, type ServerOptions } from '../../src/http/server.js';
import { loadConfig, type Config } from '../../src/config.js';
import { signToken, type TokenClaims } from '../../src/auth/jwt.js';
import type { Db } from '../../src/db/types.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';
/** The web app the test servers serve: built by the browser suites with the map's test hooks (web/test/browser.ts). */
export const TEST_WEB_DIST = fileURLToPath(new URL('../../../web/dist-e2e/', import.meta.url));

export function testConfig(over: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: TEST_SECRET, PORT: '0', HOST: '127.0.0.1', DATA_DIR: '/nonexistent' }),
    webDist: TEST_WEB_DIST,
    ...over,
  };
}

/** The real server (HTTP + graphql-ws) on a free port over the given database. */
export async function startTestServer(db: Db, over: Partial<Config> = {}, opts: ServerOptions = {}): Promise<RunningServer & { config: Config }> {
  const config = testConfig(over);
  const server = await startServer(db, config, opts);
  return Object.assign(server, { config });
}

export const token = (c: TokenClaims, cfg: Config = testConfig()) => signToken(c, cfg.jwt);
export const operatorToken = (consulateId: string) => token({ role: 'OPERATOR', sub: `op-${consulateId}`, consulateId });
export const personToken = (personId: string) => token({ role: 'PERSON', sub: personId });
export const supervisorToken = () => token({ role: 'SUPERVISOR', sub: 'sup-1' });

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** POST a GraphQL request the way a client would. */
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  authToken?: string,
): Promise<GqlResult<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authToken ? { authorization: `Bearer ${authToken}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GqlResult<T>;
  return { ...body, status: res.status };
}

/** The real graphql-ws client over `ws`. */
export function wsClient(url: string, authToken?: string, extra: Partial<Parameters<typeof createClient>[0]> = {}): Client {
  return createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: authToken ? { authorization: `Bearer ${authToken}` } : {},
    retryAttempts: 0,
    lazy: true,
    ...extra,
  });
}

/** Collects a subscription's events into an array; `stop()` completes it. */
export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const events: T[] = [];
  const errors: unknown[] = [];
  let done = false;
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => (v.errors ? errors.push(v.errors) : events.push(v.data as T)),
      error: (e) => errors.push(e),
      complete: () => (done = true),
    },
  );
  return { events, errors, stop, isDone: () => done };
}

/** Polls until `check` passes or the time runs out (for asynchronous delivery, not for speed). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * A cloned database and the real server over it for one describe block: created before its tests,
 * disposed after them. Read `t` and `server` inside tests (they exist once beforeAll has run).
 */
export function serverFixture(backend: BackendKind, over: Partial<Config> = {}) {
  const f = {} as { t: TestDb; server: RunningServer & { config: Config } };
  beforeAll(async () => {
    f.t = await cloneTestDb(backend);
    f.server = await startTestServer(f.t.db, over);
  });
  afterAll(async () => {
    await f.server?.close();
    await f.t?.dispose();
  });
  return f;
}
