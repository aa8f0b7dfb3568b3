import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { serverFixture, testConfig, token } from './support/server.js';
import { loadNetworkConfig } from '../src/networkConfig.js';

/** Issue 17 item 9: sockets without a token are capped per address and per second, closed with 4429. */
const CONSULATE_AT = 'query($l: LocationInput!) { consulateAt(location: $l) { method consulate { id } } }';

interface Raw {
  ws: WebSocket;
  acked: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  answers: number;
}

function open(url: string, authorization?: string): Raw {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
  const raw = { ws, answers: 0 } as Raw;
  raw.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  raw.acked = new Promise((resolve, reject) => {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string };
      if (m.type === 'connection_ack') resolve();
      if (m.type === 'complete' || m.type === 'error') raw.answers++;
    });
    void raw.closed.then(() => reject(new Error('closed before ack')));
  });
  raw.acked.catch(() => undefined);
  ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: authorization ? { authorization } : {} })));
  return raw;
}

describe('anonymous socket limits: defaults', () => {
  it('are 20 sockets per address and 10 operations a second, and configurable', () => {
    expect(testConfig().network).toMatchObject({ wsAnonymousConnectionsPerAddress: 20, wsAnonymousOperationsPerSecond: 10 });
    const set = loadNetworkConfig({ WS_ANONYMOUS_CONNECTIONS_PER_ADDRESS: '5', WS_ANONYMOUS_OPERATIONS_PER_SECOND: '3' });
    expect(set).toMatchObject({ wsAnonymousConnectionsPerAddress: 5, wsAnonymousOperationsPerSecond: 3 });
    expect(() => loadNetworkConfig({ WS_ANONYMOUS_OPERATIONS_PER_SECOND: '0' })).toThrow(/WS_ANONYMOUS_OPERATIONS_PER_SECOND/);
  });
});

describe.each(backends().slice(0, 1))('anonymous WebSockets (%s)', (backend) => {
  const network = { ...testConfig().network, wsAnonymousConnectionsPerAddress: 3, wsAnonymousOperationsPerSecond: 5 };
  const f = serverFixture(backend, { network });

  it('a fourth anonymous socket from one address is closed with 4429; sockets with a token are not counted', async () => {
    const first = [open(f.server.url), open(f.server.url), open(f.server.url)];
    await Promise.all(first.map((s) => s.acked));
    const fourth = open(f.server.url);
    const closed = await fourth.closed;
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/too many anonymous connections from this address/);
    const withToken = open(f.server.url, `Bearer ${await token({ role: 'SUPERVISOR', sub: 'sup-anon-test' })}`);
    await withToken.acked;
    // A closed one frees its place.
    first[0]!.ws.close();
    await first[0]!.closed;
    const again = open(f.server.url);
    await again.acked;
    for (const s of [...first.slice(1), withToken, again]) s.ws.close();
  });

  it('an anonymous socket sending more than 5 operations a second is closed with 4429 and runs no more', async () => {
    const s = open(f.server.url);
    await s.acked;
    const payload = { query: CONSULATE_AT, variables: { l: { lat: 34.05, lon: -118.25 } } };
    const started = Date.now();
    for (let i = 0; i < 50; i++) s.ws.send(JSON.stringify({ id: `op${i}`, type: 'subscribe', payload }));
    const closed = await s.closed;
    // At most 5 in each one-second window the burst took to arrive (the embedded database can hold the
    // loop between two frames), and never the 50 sent.
    const windows = Math.ceil((Date.now() - started) / 1000) + 1;
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/too many operations on this connection/);
    const executed = (await (await fetch(`${f.server.url}/metrics`)).text()).match(/graphql_operation_duration_seconds_count\{operation="anonymous",type="query",outcome="ok",transport="ws"\} (\d+)/);
    expect(Number(executed?.[1] ?? 0)).toBeLessThanOrEqual(Math.min(5 * windows, 49));
    expect(s.answers).toBeLessThan(50);
  });

  it('a socket with a token is not held to the anonymous rate', async () => {
    const s = open(f.server.url, `Bearer ${await token({ role: 'SUPERVISOR', sub: 'sup-rate-test' })}`);
    await s.acked;
    const payload = { query: CONSULATE_AT, variables: { l: { lat: 34.05, lon: -118.25 } } };
    for (let i = 0; i < 12; i++) s.ws.send(JSON.stringify({ id: `op${i}`, type: 'subscribe', payload }));
    const deadline = Date.now() + 10_000;
    while (s.answers < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(s.answers).toBe(12);
    expect(s.ws.readyState).toBe(WebSocket.OPEN);
    s.ws.close();
  });
});
