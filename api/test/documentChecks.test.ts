import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { personToken, serverFixture } from './support/server.js';
import { body, expectRefused, httpSend, TRANSPORTS } from './support/hostile.js';
import { nestedSubscription, subscribeFrame } from '../bench/hostileDocuments.js';
import { MANIFEST_PATH, canonicalize, loadSafelist } from '../src/graphql/persisted.js';
import { budgetRefusal, repeatRefusal } from '../src/graphql/documentBudget.js';

/**
 * Issue 17 item 1: one frame must not freeze the server. A PERSON's document is checked cheapest first
 * (size, token-limited parse, shape budget, limit rules, validation) and only then against the safelist,
 * on HTTP and WebSocket alike. The time each check takes is measured by `npm run bench:documents`.
 */
describe.each(backends().slice(0, 1))('document checks before the safelist (%s)', (backend) => {
  const f = serverFixture(backend, { persistedOnlyFor: ['PERSON'] });

  it('a PERSON\'s depth-1,000 subscribe frame is refused by the token limit while a concurrent /healthz answers', async () => {
    const token = await personToken(randomUUID());
    const ws = new WebSocket(f.server.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
    const messages: Array<{ type: string; id?: string; payload?: any }> = [];
    ws.on('message', (raw) => messages.push(JSON.parse(String(raw))));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    await waitFor(() => messages.some((m) => m.type === 'connection_ack'));
    const frame = subscribeFrame({ query: nestedSubscription(1000) }, 'deep');
    expect(frame.length).toBeGreaterThan(5_000);

    const sent = performance.now();
    ws.send(frame);
    const health = await fetch(`${f.server.url}/healthz`);
    const healthMs = performance.now() - sent;
    expect(health.status).toBe(200);
    // The former order (safelist first, unbounded parse, cubic canonical form) stood the loop still 5.4 s.
    expect(healthMs).toBeLessThan(2_500);

    await waitFor(() => messages.some((m) => m.id === 'deep'));
    const answer = messages.find((m) => m.id === 'deep')!;
    expect(answer.type).toBe('error');
    expect(answer.payload[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(answer.payload[0].message).toMatch(/1000 tokens/);
    expect(ws.readyState).toBe(WebSocket.OPEN); // only that operation was refused
    ws.close();
  });

  describe.each(TRANSPORTS)('over %s', (t) => {
    it('a PERSON is told what is wrong with a document (token limit, depth) before being told it is not safelisted', async () => {
      const token = await personToken(randomUUID());
      await expectRefused(f, t, body(nestedSubscription(1000)), { code: 'GRAPHQL_PARSE_FAILED', token, message: /tokens/ });
      await expectRefused(f, t, body(nestedSubscription(20)), { code: 'GRAPHQL_VALIDATION_FAILED', token, message: /too deep/ });
      await expectRefused(f, t, body(`{ consulates { ${'id '.repeat(20)}} }`), { code: 'GRAPHQL_VALIDATION_FAILED', token, message: /repeated/ });
      await expectRefused(f, t, body('{ consulates { id } }'), { code: 'FORBIDDEN', token, status: 403, message: /published app operations/ });
    });
  });

  it('a 60 KB field name is refused by its length, not looked up for suggestions', async () => {
    const r = await httpSend(f.server.url, body(`{ ${'a'.repeat(60_000)} }`));
    expect(r.status).toBe(400);
    expect(r.errors[0]!.message).toMatch(/name longer than 128/);
  });
});

describe('the shape budget and the canonical form', () => {
  it('refuses repeats, fragment fan-out, long names and strings and deep literals; accepts every safelisted document', () => {
    expect(repeatRefusal(parse(`{ consulates { ${'id '.repeat(5)}} }`))).toMatch(/repeated/);
    expect(repeatRefusal(parse(`{ consulates { ${'id '.repeat(4)}} }`))).toBeNull();
    // Repeats reached through fragment spreads count in the set they are spread into.
    expect(repeatRefusal(parse('{ ...A ...B } fragment A on Query { consulates { id } consulates { id } consulates { id } } fragment B on Query { consulates { id } consulates { id } }'))).toMatch(/repeated/);
    let chain = 'query Q { ...F0 }';
    for (let i = 0; i < 9; i++) chain += ` fragment F${i} on Query { ...F${i + 1} ...F${i + 1} ...F${i + 1} ...F${i + 1} }`;
    expect(budgetRefusal(parse(chain + ' fragment F9 on Query { __typename }'))).toMatch(/too costly/);
    expect(budgetRefusal(parse(`{ ${'b'.repeat(129)} }`))).toMatch(/name longer/);
    expect(budgetRefusal(parse(`{ district(consulateId: "${'x'.repeat(5000)}") { id } }`))).toMatch(/string longer/);
    expect(budgetRefusal(parse(`{ consulates(x: ${'['.repeat(9)}${']'.repeat(9)}) { id } }`))).toMatch(/nested/);
    const safelist = loadSafelist();
    const texts = Object.values(JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Record<string, string>);
    expect(texts.length).toBe(safelist.size);
    for (const text of texts) {
      expect(budgetRefusal(parse(text))).toBeNull();
      expect(repeatRefusal(parse(text))).toBeNull();
      expect(safelist.allows(text)).toBe(true);
    }
  });

  it('the canonical form of a document nested 300 deep is built in linear work, and equal documents agree', () => {
    const deep = (order: 'ab' | 'ba') => `{ ${'x { '.repeat(300)}${order === 'ab' ? 'a b' : 'b a'}${' }'.repeat(300)} }`;
    const text = canonicalize(parse(deep('ab'), { maxTokens: 10_000 }));
    expect(canonicalize(parse(deep('ba'), { maxTokens: 10_000 }))).toBe(text);
    // Linear: the canonical text is about as long as the document, not a copy per level.
    expect(text.length).toBeLessThan(deep('ab').length);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
