import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, gql, serverFixture, token, wsClient } from './support/server.js';

/** Opens a raw socket and reports how the server answered: an HTTP refusal, or the close code. */
function rawSocket(url: string, protocols: string | string[] | undefined, headers: Record<string, string> = {}) {
  return new Promise<{ refusedStatus?: number; closeCode?: number; ws?: WebSocket }>((resolve) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/graphql', protocols, { headers });
    ws.on('unexpected-response', (_req, res) => resolve({ refusedStatus: res.statusCode }));
    ws.on('error', () => undefined);
    ws.on('open', () => resolve({ ws }));
    ws.on('close', (code) => resolve({ closeCode: code }));
  });
}

describe.each(backends().slice(0, 1))('WebSocket hygiene (%s)', (backend) => {
  const f = serverFixture(backend);

  it('accepts only the graphql-transport-ws sub-protocol', async () => {
    expect((await rawSocket(f.server.url, 'graphql-ws')).refusedStatus).toBe(400);
    expect((await rawSocket(f.server.url, undefined)).refusedStatus).toBe(400);
    const ok = await rawSocket(f.server.url, 'graphql-transport-ws');
    expect(ok.ws).toBeDefined();
    ok.ws!.close();
  });

  it('refuses a foreign browser Origin and accepts our own', async () => {
    expect((await rawSocket(f.server.url, 'graphql-transport-ws', { origin: 'https://evil.example' })).refusedStatus).toBe(403);
    const own = await rawSocket(f.server.url, 'graphql-transport-ws', { origin: f.server.url });
    expect(own.ws).toBeDefined();
    own.ws!.close();
  });

  it('closes the socket with 4403 when the token expires', async () => {
    const shortLived = await token({ role: 'SUPERVISOR', sub: 's', ttlSeconds: 2 });
    const client = wsClient(f.server.url, shortLived);
    let code = 0;
    client.on('closed', (e) => (code = (e as { code: number }).code));
    const s = collect(client, 'subscription { alertEvents { cursor } }');
    await eventually(() => expect(code).toBe(4403), 6_000);
    s.stop();
    await client.dispose();
  });

  it('closes a connection that sends no connection_init within 3 s (4408)', async () => {
    const r = await new Promise<number>((resolve) => {
      const ws = new WebSocket(f.server.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
      ws.on('close', (c) => resolve(c));
    });
    expect(r).toBe(4408);
  });

  it('caps subscriptions per connection at 20', async () => {
    const client = wsClient(f.server.url, await token({ role: 'SUPERVISOR', sub: 's' }));
    const subs = Array.from({ length: 21 }, () => collect(client, 'subscription { alertEvents { cursor } }'));
    await eventually(() => expect(subs.filter((s) => s.errors.length > 0)).toHaveLength(1));
    expect(JSON.stringify(subs.find((s) => s.errors.length)!.errors)).toContain('RATE_LIMITED');
    subs.forEach((s) => s.stop());
    await client.dispose();
  });

  it('refuses oversized frames (1009) and HTTP bodies (413) and stays up', async () => {
    const big = await rawSocket(f.server.url, 'graphql-transport-ws');
    const closed = new Promise<number>((r) => big.ws!.on('close', (c) => r(c)));
    big.ws!.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(100_000) } }));
    expect(await closed).toBe(1009);
    const res = await fetch(`${f.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ consulates { id } }', pad: 'x'.repeat(1_000_000) }),
    });
    expect(res.status).toBe(413);
    expect((await gql(f.server.url, '{ consulates { id } }')).data!.consulates).toHaveLength(53);
  });
});

describe('slow consumers', () => {
  it('are cut off once their unsent data passes the limit, and left alone below it', async () => {
    const { dropIfSlow, SLOW_CONSUMER_BYTES } = await import('../src/http/wsServer.js');
    let terminated = 0;
    const socket = { bufferedAmount: SLOW_CONSUMER_BYTES, terminate: () => void terminated++ };
    expect(dropIfSlow(socket)).toBe(false);
    expect(terminated).toBe(0);
    socket.bufferedAmount = SLOW_CONSUMER_BYTES + 1;
    expect(dropIfSlow(socket)).toBe(true);
    expect(terminated).toBe(1);
  });
});
