import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, gql, operatorToken, personToken, serverFixture } from './support/server.js';
import { wsClient } from './support/server.js';
import { canonicalize } from '../src/graphql/persisted.js';
import { parse } from 'graphql';

// A safelist as codegen writes it: compact documents, fields sorted, keyed by sha256 of the text.
const RAISE_DOC = 'mutation Raise($i: RaiseAlertInput!) { raiseAlert(input: $i) { id status } }';
const UPDATES_DOC = 'subscription Updates($id: ID!) { alertUpdates(alertId: $id) { cursor type } }';
const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'alerta-safelist-'));
const manifest = join(dir, 'persisted-documents.json');
writeFileSync(manifest, JSON.stringify({ [`sha256:${sha(RAISE_DOC)}`]: RAISE_DOC, [`sha256:${sha(UPDATES_DOC)}`]: UPDATES_DOC }));

describe('canonical form', () => {
  it('ignores field order, whitespace and __typename, but not a different selection', () => {
    const a = canonicalize(parse(RAISE_DOC));
    expect(canonicalize(parse('mutation Raise($i: RaiseAlertInput!) {\n raiseAlert(input: $i) { status __typename id }\n}'))).toBe(a);
    expect(canonicalize(parse('mutation Raise($i: RaiseAlertInput!) { raiseAlert(input: $i) { id status location { lat } } }'))).not.toBe(a);
    const two = 'query Q($b: ID!, $a: ID!) { alert(id: $a) { id } other: alert(id: $b) { id } }';
    expect(canonicalize(parse(two))).toBe(canonicalize(parse('query Q($a: ID!, $b: ID!) { other: alert(id: $b) { id } alert(id: $a) { id } }')));
  });
});

describe.each(backends().slice(0, 1))('persisted operations for the PERSON role (%s)', (backend) => {
  const f = serverFixture(backend, { persistedOnlyFor: ['PERSON'], persistedManifestPath: manifest });
  const input = () => ({ i: { location: { lat: 34.05, lon: -118.25 }, idempotencyKey: randomUUID() } });

  it('runs a safelisted operation, also reformatted with __typename, and refuses anything else', async () => {
    const p = await personToken(randomUUID());
    expect((await gql(f.server.url, RAISE_DOC, input(), p)).data!.raiseAlert.status).toMatch(/^(OFFERED|ESCALATED)$/);
    const reordered = 'mutation Raise($i: RaiseAlertInput!) { raiseAlert(input: $i) { __typename status id } }';
    expect((await gql(f.server.url, reordered, input(), p)).errors).toBeUndefined();
    const probing = await gql(f.server.url, 'mutation Raise($i: RaiseAlertInput!) { raiseAlert(input: $i) { id consulate { phone } } }', input(), p);
    expect(probing.status).toBe(403);
    expect(probing.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    // Other roles are not limited.
    expect((await gql(f.server.url, '{ eventsCursor }', {}, await operatorToken('losangeles'))).errors).toBeUndefined();
  });

  it('accepts a request naming the operation by hash only, and refuses an unknown hash', async () => {
    const p = await personToken(randomUUID());
    const byHash = async (hash: string) => {
      const res = await fetch(`${f.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${p}` },
        body: JSON.stringify({ variables: input(), extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
      });
      return { status: res.status, body: (await res.json()) as { data?: { raiseAlert: { id: string } }; errors?: Array<{ extensions: { code: string } }> } };
    };
    const ok = await byHash(sha(RAISE_DOC));
    expect(ok.body.data!.raiseAlert.id).toMatch(/^[0-9a-f-]{36}$/);
    const unknown = await byHash(sha('query { consulates { id } }'));
    expect(unknown.body.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('applies the same policy on WebSocket subscriptions', async () => {
    const p = await personToken(randomUUID());
    const id = (await gql(f.server.url, RAISE_DOC, input(), p)).data!.raiseAlert.id;
    const c = wsClient(f.server.url, p);
    const listening = f.server.hub.listenerCount;
    const listed = collect(c, UPDATES_DOC, { id });
    const other = collect(c, 'subscription($id: ID!) { alertUpdates(alertId: $id) { cursor type alert { location { lat } } } }', { id });
    await eventually(() => expect(JSON.stringify(other.errors)).toContain('FORBIDDEN'));
    // The safelisted one runs: it is live, and the next step of the alert reaches the person through it.
    await eventually(() => expect(f.server.hub.listenerCount).toBeGreaterThan(listening));
    const resolved = await gql(f.server.url, 'mutation($id: ID!) { resolveAlert(id: $id, disposition: FALSE_ALARM) { status } }', { id }, await operatorToken('losangeles'));
    expect(resolved.errors).toBeUndefined();
    await eventually(() => expect(listed.events.map((e) => (e as { alertUpdates: { type: string } }).alertUpdates.type)).toContain('RESOLVED'));
    expect(listed.errors).toEqual([]);
    await c.dispose();
  });
});
