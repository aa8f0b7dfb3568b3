import WebSocket from 'ws';
import { expect } from 'vitest';
import { buildSchema } from '../../src/graphql/schema.js';
import type { Db } from '../../src/db/types.js';
import { gql, testConfig, type startTestServer } from './server.js';

/** Helpers for the hostile-input tests (checklist A): one operation over HTTP or a raw graphql-transport-ws socket. */
export type Transport = 'http' | 'ws';
export const TRANSPORTS: Transport[] = ['http', 'ws'];

export interface WireError {
  message: string;
  extensions?: { code?: string; field?: string };
}
export interface OpResult {
  /** HTTP status (HTTP only). */
  status?: number;
  errors: WireError[];
  /** Present only when the operation was executed (absent: refused at parse, validation or variable coercion). */
  data?: unknown;
  /** The WebSocket close code (1000 when we closed it after the operation completed). */
  closeCode?: number;
  /** WebSocket only: the server answered with an `error` message, i.e. refused in onSubscribe. */
  refusedInOnSubscribe?: boolean;
}

/** The JSON body of a GraphQL request; pass a string to send text JSON.stringify cannot produce (1e999). */
export const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

/** POSTs a raw JSON body to /graphql. */
export async function httpSend(url: string, json: string, authToken?: string, headers: Record<string, string> = {}): Promise<OpResult> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authToken ? { authorization: `Bearer ${authToken}` } : {}), ...headers },
    body: json,
  });
  const text = await res.text();
  let parsed: { errors?: WireError[]; data?: unknown } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    parsed = { errors: [{ message: text }] };
  }
  return { status: res.status, errors: parsed.errors ?? [], ...('data' in parsed ? { data: parsed.data } : {}) };
}

/**
 * Speaks graphql-transport-ws by hand: connection_init, then the payload text verbatim as one `subscribe`,
 * collecting `next`/`error` until `complete`, `error` or the server closing the socket.
 */
export function wsSend(url: string, json: string, authToken?: string, timeoutMs = 15_000): Promise<OpResult> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
    const out: OpResult = { errors: [] };
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no answer on the WebSocket'));
    }, timeoutMs);
    ws.on('error', () => undefined);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: authToken ? { authorization: `Bearer ${authToken}` } : {} })));
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { type: string; payload?: any };
      if (m.type === 'connection_ack') ws.send(`{"type":"subscribe","id":"op1","payload":${json}}`);
      else if (m.type === 'ping') ws.send('{"type":"pong"}');
      else if (m.type === 'next') {
        out.errors.push(...((m.payload.errors ?? []) as WireError[]));
        if ('data' in m.payload) out.data = m.payload.data;
      } else if (m.type === 'error') {
        out.errors.push(...(m.payload as WireError[]));
        out.refusedInOnSubscribe = true;
        ws.close(1000);
      } else if (m.type === 'complete') ws.close(1000);
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ...out, closeCode: code });
    });
  });
}

export const send = (t: Transport, url: string, json: string, authToken?: string) =>
  t === 'http' ? httpSend(url, json, authToken) : wsSend(url, json, authToken);

/** Rows a refused request must not have added. */
export async function rowCounts(db: Db) {
  const r = await db.query<{ alerts: number; persons: number; events: number }>(
    `select (select count(*) from alerts)::int as alerts, (select count(*) from persons)::int as persons,
            (select count(*) from alert_events)::int as events`,
  );
  return r.rows[0]!;
}

/** The server answers an ordinary query on the same transport. */
export async function expectAlive(url: string, t: Transport = 'http') {
  const r = t === 'http' ? await gql(url, '{ consulates { id } }') : await wsSend(url, body('{ consulates { id } }'));
  expect(r.errors ?? []).toEqual([]);
  expect((r.data as { consulates: unknown[] }).consulates).toHaveLength(53);
}

const BUILTIN = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);
/** Our schema's own type names (Alert, LocationInput, AlertKind, ...): none may appear in an error. */
export const SCHEMA_TYPES = Object.keys(buildSchema().getTypeMap()).filter((n) => !n.startsWith('__') && !BUILTIN.has(n));
const LEAKS = /did you mean|postgis|\bst_[a-z]+|syntax error at or near|relation "|column "|violates|constraint|geometry|geography|pglite|node_modules|\.ts:\d+|\bat [\w.]+ \(/i;

/** No schema hints, no type names, no database or stack text in any error. */
export function expectNoLeak(r: OpResult) {
  const text = r.errors.map((e) => e.message).join('\n');
  expect(text).not.toMatch(LEAKS);
  for (const t of SCHEMA_TYPES) expect(text).not.toMatch(new RegExp(`\\b${t}\\b`));
}

type Fixture = { t: { db: Db }; server: Awaited<ReturnType<typeof startTestServer>> };

/**
 * The checklist's contract for a refused request: a stable code (or the HTTP status / close code), not
 * executed, nothing written, no leak, and the server still answering on the same transport.
 */
export async function expectRefused(
  f: Fixture,
  t: Transport,
  json: string,
  opts: { code: string; token?: string; status?: number; field?: string; message?: RegExp; executed?: boolean; wsClose?: number },
): Promise<OpResult> {
  const before = await rowCounts(f.t.db);
  const r = await send(t, f.server.url, json, opts.token);
  if (t === 'ws' && opts.wsClose) {
    expect(r.closeCode).toBe(opts.wsClose);
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors.map((e) => e.extensions?.code)).toContain(opts.code);
    expect(r.errors.every((e) => typeof e.extensions?.code === 'string')).toBe(true);
    if (opts.field) expect(r.errors[0]!.extensions?.field).toBe(opts.field);
    if (opts.message) expect(r.errors.map((e) => e.message).join('\n')).toMatch(opts.message);
    // Refused before execution: no `data` at all. Refused by the resolver: `data: null`.
    if (opts.executed) expect(r.data).toBeNull();
    else expect(r).not.toHaveProperty('data');
    if (t === 'http') expect(r.status).toBe(opts.status ?? (opts.executed ? 200 : 400));
    else expect(r.closeCode).toBe(1000); // only this operation failed; the socket was not torn down
  }
  expectNoLeak(r);
  expect(await rowCounts(f.t.db)).toEqual(before);
  await expectAlive(f.server.url, t);
  return r;
}

/** Offers that never expire during the run, so no background event lands between two row counts. */
export const quietDispatch = () => {
  const c = testConfig();
  return { offerTtlSeconds: 3600, dispatch: { ...c.dispatch, offerTtlSeconds: 3600 } };
};
