import { connect } from 'node:net';
import { Agent, request } from 'node:http';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { serverFixture, testConfig } from './support/server.js';
import { body, httpSend } from './support/hostile.js';
import { clientAddress, rateKey } from '../src/http/clientAddress.js';
import { loadNetworkConfig } from '../src/networkConfig.js';

/** Issue 17 item 11: the registration limit behind reverse proxies (TRUST_PROXY, IPv6 by /64), and slow requests. */
const REGISTER = body('mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { token } }', { input: { cancelPin: '2468', duressPin: '1357' } });
const req = (peer: string, xff?: string) => ({ socket: { remoteAddress: peer }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as never;

describe('the client address', () => {
  it('ignores X-Forwarded-For without TRUST_PROXY, and takes the entry the trusted hops wrote with it', () => {
    expect(clientAddress(req('10.0.0.5', '203.0.113.7'), 0)).toBe('10.0.0.5');
    expect(clientAddress(req('10.0.0.5', '203.0.113.7'), 1)).toBe('203.0.113.7');
    // The client's own prefix is ignored: only what the proxy appended counts.
    expect(clientAddress(req('10.0.0.5', '198.51.100.1, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(req('10.0.0.5', '198.51.100.1, 203.0.113.7, 10.0.0.4'), 2)).toBe('203.0.113.7');
    expect(clientAddress(req('10.0.0.5', 'not-an-address'), 1)).toBe('10.0.0.5');
  });

  it('counts IPv6 by its /64 and IPv4-mapped addresses as IPv4', () => {
    expect(rateKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(rateKey('2001:0db8:0001:0002:ffff:eeee:dddd:cccc')).toBe('2001:db8:1:2::/64');
    expect(rateKey('2001:db8:1:3::1')).not.toBe(rateKey('2001:db8:1:2::1'));
    expect(rateKey('::1')).toBe('0:0:0:0::/64');
    expect(rateKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(rateKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(rateKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('defaults: no trusted proxy, a 30 s request deadline and 15 s for headers', () => {
    expect(loadNetworkConfig({})).toMatchObject({ trustProxyHops: 0, requestTimeoutMs: 30_000, headersTimeoutMs: 15_000 });
    expect(() => loadNetworkConfig({ HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_HEADERS_TIMEOUT_MS: '3000' })).toThrow(/HTTP_HEADERS_TIMEOUT_MS/);
  });
});

/** registerPerson over a socket opened with the given X-Forwarded-For. */
function registerOverWs(url: string, xff: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws', { headers: { 'x-forwarded-for': xff } });
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { type: string; payload?: { errors?: Array<{ extensions?: { code?: string } }> } };
      if (m.type === 'connection_ack') ws.send(`{"id":"r","type":"subscribe","payload":${REGISTER}}`);
      if (m.type === 'next') {
        resolve(m.payload?.errors?.[0]?.extensions?.code);
        ws.close();
      }
    });
  });
}

const registerOverHttp = async (url: string, xff: string) => (await httpSend(url, REGISTER, undefined, { 'x-forwarded-for': xff })).errors[0]?.extensions?.code;

describe.each(backends().slice(0, 1))('registrations behind one proxy (%s)', (backend) => {
  const f = serverFixture(backend, { privacy: { ...testConfig().privacy, registrationsPerHour: 2 }, network: { ...testConfig().network, trustProxyHops: 1 } });

  it('are counted per forwarded client on HTTP and WS together, whatever the client prepends', async () => {
    expect(await registerOverHttp(f.server.url, '203.0.113.7')).toBeUndefined();
    expect(await registerOverWs(f.server.url, '198.51.100.99, 203.0.113.7')).toBeUndefined();
    expect(await registerOverHttp(f.server.url, '192.0.2.1, 203.0.113.7')).toBe('RATE_LIMITED');
    expect(await registerOverWs(f.server.url, '203.0.113.7')).toBe('RATE_LIMITED');
    // Another client behind the same proxy has its own allowance.
    expect(await registerOverHttp(f.server.url, '203.0.113.8')).toBeUndefined();
  });

  it('count an IPv6 client by its /64', async () => {
    expect(await registerOverHttp(f.server.url, '2001:db8:aa:1::1')).toBeUndefined();
    expect(await registerOverWs(f.server.url, '2001:db8:aa:1:ffff::2')).toBeUndefined();
    expect(await registerOverHttp(f.server.url, '2001:db8:aa:1:1234:5678:9abc:def0')).toBe('RATE_LIMITED');
    expect(await registerOverHttp(f.server.url, '2001:db8:aa:2::1')).toBeUndefined();
  });
});

describe.each(backends().slice(0, 1))('without TRUST_PROXY (%s)', (backend) => {
  const f = serverFixture(backend, { privacy: { ...testConfig().privacy, registrationsPerHour: 2 } });

  it('a client cannot buy fresh registrations by sending X-Forwarded-For', async () => {
    expect(await registerOverHttp(f.server.url, '203.0.113.1')).toBeUndefined();
    expect(await registerOverWs(f.server.url, '203.0.113.2')).toBeUndefined();
    expect(await registerOverHttp(f.server.url, '203.0.113.3')).toBe('RATE_LIMITED');
  });
});

/** Sends the request head, then one byte of body every 200 ms; resolves with the time until the server answers or closes. */
function trickle(port: number, head: string): Promise<{ ms: number; answer: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => socket.writable && socket.write(' '), 200);
    });
    socket.on('data', (d) => (answer += String(d)));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - started, answer });
    });
  });
}

describe.each(backends().slice(0, 1))('slow requests (%s)', (backend) => {
  const f = serverFixture(backend, { network: { ...testConfig().network, requestTimeoutMs: 1_500, headersTimeoutMs: 1_000 } });

  it('a body trickled a byte at a time is cut off at the request deadline (408), not after Node\'s 300 s', async () => {
    const r = await trickle(f.server.port, 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
    expect(r.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(r.ms).toBeGreaterThanOrEqual(1_400);
    expect(r.ms).toBeLessThan(6_000);
  });

  it('headers trickled a line at a time are cut off at the headers deadline', async () => {
    const r = await trickle(f.server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(r.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(r.ms).toBeLessThan(6_000);
  });

  it('an ordinary request is unaffected, and an idle keep-alive connection outlives the deadlines', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(f.server.port, agent);
      expect(first.status).toBe(200);
      // Idle between requests is not "receiving a request": only keepAliveTimeout (65 s) ends it.
      await new Promise((r) => setTimeout(r, 2_600));
      const second = await get(f.server.port, agent);
      expect(second).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });
});

function get(port: number, agent: Agent): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const r = request({ port, host: '127.0.0.1', path: '/healthz', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: r.reusedSocket }));
    });
    r.on('error', reject);
    r.end();
  });
}
