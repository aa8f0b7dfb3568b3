import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { operatorToken, personToken, serverFixture, TEST_SECRET } from './support/server.js';
import { loadConfig } from '../src/config.js';
import { body, expectRefused, send, TRANSPORTS } from './support/hostile.js';

/**
 * Checklist A1-A4: hostile GraphQL documents, each on HTTP and on WebSocket (graphql-ws validates on its
 * own path). Refused means: stable code, not executed, nothing written, no schema hint, server still up.
 * A9-A10 (coordinates, free text) are in security-values.test.ts; A5-A8 in security-protocol.test.ts.
 */
const RAISE = 'mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) { id } }';
const LA = { lat: 34.0522, lon: -118.2437 };
const raiseVars = (extra: Record<string, unknown> = {}) => ({ input: { location: LA, idempotencyKey: randomUUID(), ...extra } });
const VALIDATION = 'GRAPHQL_VALIDATION_FAILED';

/** `alert { events { alert { ... } } }` nested to `levels` fields (the id leaf included). */
function nested(levels: number): string {
  let s = levels % 2 === 0 ? 'id' : 'cursor'; // a field of Alert or of AlertEvent
  for (let i = levels - 1; i >= 1; i--) s = `${i % 2 === 1 ? 'alert' + (i === 1 ? '(id: $id)' : '') : 'events'} { ${s} }`;
  return s;
}
const deepQuery = (levels: number, name = '') => `query ${name}($id: ID!) { ${nested(levels)} }`;

describe.each(backends().slice(0, 1))('hostile documents (%s)', (backend) => {
  const f = serverFixture(backend);
  const op = () => operatorToken('losangeles');
  const person = () => personToken(randomUUID());
  const id = randomUUID();

  describe.each(TRANSPORTS)('over %s', (t) => {
    it('A1 refuses introspection (__schema, __type) by default', async () => {
      for (const q of ['{ __schema { types { name } } }', '{ __type(name: "Alert") { name fields { name } } }', 'query { consulates { id } __schema { queryType { name } } }']) {
        const r = await expectRefused(f, t, body(q), { code: VALIDATION, message: /introspection/i });
        expect(JSON.stringify(r)).not.toContain('RaiseAlertInput');
      }
      // __typename is not introspection and stays allowed.
      const ok = await send(t, f.server.url, body('{ consulates(includeFallback: false) { __typename id } }'));
      expect((ok.data as { consulates: unknown[] }).consulates).toHaveLength(53);
    });

    it.each([
      ['misspelled root field', '{ consulate { id } }'],
      ['misspelled nested field', '{ consulates { idd } }'],
      ['misspelled argument', '{ consulates(includeFallbak: true) { id } }'],
      ['bad enum literal', `mutation { raiseAlert(input: { location: { lat: 34, lon: -118 }, idempotencyKey: "k", kind: IMMINENT }) { id } }`],
      ['wrong variable type', 'query($id: Int!) { alert(id: $id) { id } }'],
      ['variable of an input type given to a scalar', 'query($id: LocationInput) { alert(id: $id) { id } }'],
      ['missing required argument', '{ consulateAt { method } }'],
      ['selection on a leaf', '{ consulates { id { x } } }'],
      ['no selection on an object', '{ consulateAt(location: { lat: 34, lon: -118 }) }'],
    ])('A2 %s: validation error without "Did you mean" or type names, nothing executed', async (_n, q) => {
      await expectRefused(f, t, body(q, { id: 1 }), { code: VALIDATION, token: await person() });
    });

    it.each([
      ['bad enum value', raiseVars({ kind: 'IMMINENT' })],
      ['object given as a string', { input: { location: 'Los Angeles', idempotencyKey: 'k' } }],
      ['unknown input field', { input: { location: LA, idempotencyKey: 'k', status: 'RESOLVED' } }],
      ['string for a float', { input: { location: { lat: '34', lon: -118 }, idempotencyKey: 'k' } }],
      ['missing required input field', { input: { location: { lat: 34 }, idempotencyKey: 'k' } }],
    ])('A2 variable with a %s: BAD_USER_INPUT without type names, nothing written', async (_n, vars) => {
      await expectRefused(f, t, body(RAISE, vars), { code: 'BAD_USER_INPUT', token: await person() });
    });

    it('A3 accepts depth 8 and refuses depth 9 and beyond, before execution', async () => {
      const ok = await send(t, f.server.url, body(deepQuery(8), { id }), await op());
      expect(ok.errors).toEqual([]);
      expect(ok.data).toEqual({ alert: null });
      for (const levels of [9, 12, 40]) await expectRefused(f, t, body(deepQuery(levels), { id }), { code: VALIDATION, token: await op(), message: /too deep/ });
    });

    it('A3 refuses depth hidden in named and inline fragments', async () => {
      const frags = `query($id: ID!) { alert(id: $id) { ...A } }
        fragment A on Alert { events { alert { ...B } } }
        fragment B on Alert { events { alert { ... on Alert { events { alert { events { alert { id } } } } } } } }`;
      await expectRefused(f, t, body(frags, { id }), { code: VALIDATION, token: await op(), message: /too deep/ });
      const reused = `query($id: ID!) { alert(id: $id) { ...A events { alert { ...A } } } }
        fragment A on Alert { events { alert { events { alert { events { alert { id } } } } } } }`;
      await expectRefused(f, t, body(reused, { id }), { code: VALIDATION, token: await op(), message: /too deep/ });
    });

    it('A3 an operation, fragment or alias named __schema does not slip past depth or cost', async () => {
      const docs = [
        deepQuery(12, '__schema'),
        `query($id: ID!) { alert(id: $id) { ...__schema } } fragment __schema on Alert { events { alert { events { alert { events { alert { events { alert { events { cursor } } } } } } } } } }`,
        `query($id: ID!) { __schema: ${nested(12)} }`,
        `query __schema($id: ID!) { alert(id: $id) { events { alert { events { alert { ${'id '.repeat(800)}} } } } } }`,
      ];
      for (const q of docs) await expectRefused(f, t, body(q, { id }), { code: VALIDATION, token: await op(), message: /too deep|too costly/ });
    });

    it('A4 accepts 15 aliases and refuses 16 (of a field, and of __typename) before execution', async () => {
      const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
      const ok = await send(t, f.server.url, body(aliases(15, 'consulates { id }')));
      expect(Object.keys(ok.data as object)).toHaveLength(15);
      await expectRefused(f, t, body(aliases(16, 'consulates { id }')), { code: VALIDATION, message: /too many aliases/ });
      await expectRefused(f, t, body(aliases(16, '__typename')), { code: VALIDATION, message: /too many aliases/ });
      // Aliases hidden in a fragment count too.
      const frag = `{ ...F } fragment F on Query { ${Array.from({ length: 16 }, (_, i) => `c${i}: consulates { id }`).join(' ')} }`;
      await expectRefused(f, t, body(frag), { code: VALIDATION, message: /too many aliases/ });
    });

    it('A4 10,000 __typename aliases: refused by the size limit (413 / 1009), 3,000 by the token limit', async () => {
      const bomb = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i.toString(36)}:__typename`).join(' ')} }`;
      expect(body(bomb(10_000)).length).toBeGreaterThan(64 * 1024);
      await expectRefused(f, t, body(bomb(10_000)), { code: 'PAYLOAD_TOO_LARGE', status: 413, wsClose: 1009 });
      expect(body(bomb(3_000)).length).toBeLessThan(64 * 1024);
      await expectRefused(f, t, body(bomb(3_000)), { code: 'GRAPHQL_PARSE_FAILED', message: /tokens/ });
    });

    it('A4 duplicated fields: 1,000 copies hit the token limit, 800 deep copies the cost limit', async () => {
      await expectRefused(f, t, body(`{ consulates { ${'id '.repeat(1000)}} }`), { code: 'GRAPHQL_PARSE_FAILED', message: /tokens/ });
      const costly = `query($id: ID!) { alert(id: $id) { events { alert { events { alert { ${'id '.repeat(800)}} } } } } }`;
      await expectRefused(f, t, body(costly, { id }), { code: VALIDATION, token: await op(), message: /too costly/ });
    });

    it('A4 50+ directives, on one field or spread over many, are refused before execution', async () => {
      const oneField = `mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) ${'@include(if: true) '.repeat(50)}{ id } }`;
      await expectRefused(f, t, body(oneField, raiseVars()), { code: VALIDATION, token: await person(), message: /too many directives/ });
      const spread = `mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) { id ${'__typename @include(if: true) '.repeat(50)}} }`;
      await expectRefused(f, t, body(spread, raiseVars()), { code: VALIDATION, token: await person(), message: /too many directives/ });
      const skip = `{ consulates { id ${'__typename @skip(if: false) '.repeat(11)}} }`;
      await expectRefused(f, t, body(skip), { code: VALIDATION, message: /too many directives/ });
    });
  });

  it('A1 introspection is off unless GRAPHQL_INTROSPECTION=true, in production and with NODE_ENV unset', () => {
    const env = { AUTH_JWT_SECRET: TEST_SECRET, DATA_DIR: '/nonexistent' };
    expect(loadConfig({ ...env, NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadConfig({ ...env }).introspection).toBe(false);
    expect(loadConfig({ ...env, NODE_ENV: 'production', GRAPHQL_INTROSPECTION: '1' }).introspection).toBe(false);
    expect(loadConfig({ ...env, GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
  });
});
