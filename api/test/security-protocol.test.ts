import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { operatorToken, personToken, serverFixture } from './support/server.js';
import { body, expectAlive, expectNoLeak, expectRefused, httpSend, quietDispatch, rowCounts, TRANSPORTS, type OpResult } from './support/hostile.js';

/**
 * Checklist A5-A8: sizes and charsets, batching, CSRF and the graphql-transport-ws protocol itself.
 * (Init timeout 4408, legacy sub-protocol, foreign Origin and the oversized frame are in wsHardening.test.ts.)
 */
const RAISE = 'mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) { id } }';
const LA = { lat: 34.0522, lon: -118.2437 };
const raiseBody = (extra: Record<string, unknown> = {}) => body(RAISE, { input: { location: LA, idempotencyKey: randomUUID() }, ...extra });
const RAISE_GET = `mutation { raiseAlert(input: { location: { lat: 34.05, lon: -118.24 }, idempotencyKey: "${randomUUID()}" }) { id } }`;

/** Speaks graphql-transport-ws frame by frame; resolves with what the server sent and its close code. */
function rawSession(url: string, frames: Array<string | ((acked: boolean) => string | null)>) {
  return new Promise<{ messages: Array<{ type: string; id?: string }>; closeCode: number; reason: string }>((resolve) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
    const messages: Array<{ type: string; id?: string }> = [];
    ws.on('error', () => undefined);
    ws.on('message', (m) => messages.push(JSON.parse(String(m)) as { type: string }));
    ws.on('close', (code, reason) => resolve({ messages, closeCode: code, reason: String(reason) }));
    ws.on('open', async () => {
      for (const frame of frames) {
        const text = typeof frame === 'string' ? frame : frame(messages.some((m) => m.type === 'connection_ack'));
        if (text !== null && ws.readyState === WebSocket.OPEN) ws.send(text);
        await new Promise((r) => setTimeout(r, 150)); // let the server answer before the next frame
      }
      setTimeout(() => ws.close(1000), 300);
    });
  });
}
const init = (tok?: string) => JSON.stringify({ type: 'connection_init', payload: tok ? { authorization: `Bearer ${tok}` } : {} });
const subscribe = (id: string, query: string) => JSON.stringify({ type: 'subscribe', id, payload: { query } });
const EVENTS = 'subscription { alertEvents { cursor } }';

describe.each(backends().slice(0, 1))('hostile requests (%s)', (backend) => {
  const f = serverFixture(backend, quietDispatch());
  const person = () => personToken(randomUUID());

  /** A raw HTTP request that must be refused with `status`, execute nothing and leave the server up. */
  async function refusedHttp(req: RequestInit & { path?: string }, status: number, code: string | null, message?: RegExp) {
    const before = await rowCounts(f.t.db);
    const res = await fetch(`${f.server.url}${req.path ?? '/graphql'}`, req);
    const text = await res.text();
    expect(res.status).toBe(status);
    const parsed = JSON.parse(text) as Partial<OpResult>;
    expect(parsed).not.toHaveProperty('data');
    if (code) expect(parsed.errors?.[0]?.extensions?.code).toBe(code);
    if (message) expect(parsed.errors?.[0]?.message).toMatch(message);
    expectNoLeak({ errors: parsed.errors ?? [] });
    expect(await rowCounts(f.t.db)).toEqual(before);
    await expectAlive(f.server.url);
  }

  describe.each(TRANSPORTS)('over %s', (t) => {
    it('A5 a mutation of more than 1,000 tokens is refused by the parser and writes nothing', async () => {
      const padded = RAISE.replace('{ id }', `{ id ${'__typename '.repeat(1000)}}`);
      await expectRefused(f, t, body(padded, { input: { location: LA, idempotencyKey: 'long' } }), {
        code: 'GRAPHQL_PARSE_FAILED', token: await person(), message: /tokens/,
      });
    });

    it('A5 a 1 MB mutation is refused unread (413 / close 1009) and writes nothing', async () => {
      await expectRefused(f, t, raiseBody({ pad: 'x'.repeat(1024 * 1024) }), { code: 'PAYLOAD_TOO_LARGE', status: 413, wsClose: 1009, token: await person() });
    });

    it('A5 malformed GraphQL is a parse error, not a crash', async () => {
      for (const q of ['{ consulates { id ', '}}}', 'mutation', '{ consulates(includeFallback: "\\uD800") { id } }', '\u0000'])
        await expectRefused(f, t, body(q), { code: 'GRAPHQL_PARSE_FAILED', token: await person() });
    });
  });

  it('A5 odd charsets are refused (415) or decoded correctly, never a crash', async () => {
    const mutation = raiseBody();
    for (const cs of ['latin1', 'iso-8859-1', 'windows-1252', 'x-unknown'])
      await refusedHttp({ method: 'POST', headers: { 'content-type': `application/json; charset=${cs}`, authorization: `Bearer ${await person()}` }, body: mutation }, 415, 'UNSUPPORTED_MEDIA_TYPE');
    // UTF-8 bytes labelled UTF-16 decode to garbage: a plain 400.
    await refusedHttp({ method: 'POST', headers: { 'content-type': 'application/json; charset=utf-16', authorization: `Bearer ${await person()}` }, body: mutation }, 400, 'BAD_REQUEST');
    // Real UTF-16 (with BOM) is decoded and answered correctly.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body('{ consulates { id } }'), 'utf16le')]);
    const ok = await fetch(`${f.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-16' }, body: utf16 });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: { consulates: unknown[] } }).data.consulates).toHaveLength(53);
    // Invalid UTF-8 inside a JSON string becomes U+FFFD: a GraphQL syntax error, 400.
    const bad = Buffer.concat([Buffer.from('{"query":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    await refusedHttp({ method: 'POST', headers: { 'content-type': 'application/json' }, body: bad }, 400, 'GRAPHQL_PARSE_FAILED');
    // Malformed JSON and JSON that is not a request.
    for (const b of ['{"query":', 'null', '"x"', '{"query":1}', '{"query":"{ consulates { id } }","variables":"{}"}'])
      await refusedHttp({ method: 'POST', headers: { 'content-type': 'application/json' }, body: b }, 400, null);
  });

  it('A6 batched HTTP requests are refused and none of their mutations runs', async () => {
    const batch = `[${raiseBody()},${raiseBody()}]`;
    await refusedHttp({ method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await person()}` }, body: batch }, 400, 'BAD_USER_INPUT', /batching/i);
    await refusedHttp({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' }, 400, null);
    const single = await httpSend(f.server.url, `[${body('{ consulates { id } }')}]`);
    expect(single.status).toBe(400);
  });

  it('A7 GET carrying a mutation is not executed, with or without a preflight header', async () => {
    const auth = { authorization: `Bearer ${await person()}` };
    const path = `/graphql?query=${encodeURIComponent(RAISE_GET)}`;
    await refusedHttp({ path, headers: auth }, 400, 'BAD_USER_INPUT', /CSRF/);
    await refusedHttp({ path, headers: { ...auth, 'apollo-require-preflight': 'true' } }, 405, 'BAD_USER_INPUT', /GET requests only support query/);
    // An ordinary query over GET needs the preflight header too (a cross-site <img> or <script> cannot send it).
    await refusedHttp({ path: `/graphql?query=${encodeURIComponent('{ consulates { id } }')}` }, 400, 'BAD_USER_INPUT', /CSRF/);
  });

  it.each([
    ['text/plain', (b: string) => b],
    ['application/x-www-form-urlencoded', (b: string) => `query=${encodeURIComponent(JSON.parse(b).query)}&variables=${encodeURIComponent(JSON.stringify(JSON.parse(b).variables))}`],
    ['multipart/form-data; boundary=XyZ', (b: string) => `--XyZ\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${b}\r\n--XyZ--\r\n`],
  ])('A7 a simple cross-site POST (%s) without a preflight header is blocked and writes nothing', async (type, encode) => {
    const auth = { authorization: `Bearer ${await person()}` };
    await refusedHttp({ method: 'POST', headers: { ...auth, 'content-type': type }, body: encode(raiseBody()) }, 400, 'BAD_USER_INPUT', /CSRF/);
    // With the header (only possible after a CORS preflight) the body is still not JSON: refused, not run.
    await refusedHttp({ method: 'POST', headers: { ...auth, 'content-type': type, 'apollo-require-preflight': '1' }, body: encode(raiseBody()) }, 400, 'BAD_USER_INPUT');
  });

  describe('A8 graphql-transport-ws protocol violations close the socket with the protocol code', () => {
    const expectClose = async (frames: Parameters<typeof rawSession>[1], code: number) => {
      const s = await rawSession(f.server.url, frames);
      expect(s.closeCode).toBe(code);
      expect(s.reason).not.toMatch(/\.ts:|node_modules|postgres|sql/i);
      await expectAlive(f.server.url, 'ws');
      return s;
    };

    it('a second connection_init: 4429', async () => {
      const s = await expectClose([init(), init()], 4429);
      expect(s.messages.map((m) => m.type)).toEqual(['connection_ack']);
    });

    it('subscribe before connection_ack (and with no init at all): 4401, nothing executed', async () => {
      const s = await expectClose([subscribe('1', '{ consulates { id } }')], 4401);
      expect(s.messages).toEqual([]);
      const before = await rowCounts(f.t.db);
      const tok = await person();
      const m = await expectClose([subscribe('1', RAISE_GET), init(tok)], 4401);
      expect(m.messages.filter((x) => x.type === 'next')).toEqual([]);
      expect(await rowCounts(f.t.db)).toEqual(before);
    });

    it('a duplicate subscription id: 4409', async () => {
      const tok = await operatorToken('losangeles');
      const s = await expectClose([init(tok), subscribe('dup', EVENTS), subscribe('dup', EVENTS)], 4409);
      expect(s.messages.map((m) => m.type)).toEqual(['connection_ack']);
    });

    it.each([
      ['non-JSON text', 'hello, server'],
      ['a JSON array', '[1,2,3]'],
      ['an unknown message type', '{"type":"start","id":"1","payload":{"query":"{ consulates { id } }"}}'],
      ['subscribe without id', '{"type":"subscribe","payload":{"query":"{ consulates { id } }"}}'],
      ['subscribe with a non-string query', '{"type":"subscribe","id":"1","payload":{"query":{"$ne":null}}}'],
      ['truncated JSON', '{"type":"subscribe","id":'],
    ])('garbage (%s): 4400', async (_n, frame) => {
      await expectClose([init(), (acked) => (acked ? frame : null)], 4400);
    });

    it('garbage before connection_init: 4400', async () => {
      await expectClose(['\u0000\u0001\u0002'], 4400);
    });
  });
});
