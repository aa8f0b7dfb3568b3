import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { backends } from './support/db.js';
import { personToken, serverFixture, supervisorToken, wsClient } from './support/server.js';
import { CITY, Q, dispatchKit } from './support/dispatch.js';
import type { WebSocket } from 'ws';
import { BoundedMemo } from '../src/boundedMemo.js';
import { coalesceWrites } from '../src/http/wsAdapter.js';

/**
 * Queries and mutations over graphql-ws: an officer's app reports its position over the socket it holds
 * for its subscriptions (authenticated once at connection_init, no HTTP request per report), with the
 * same rules, errors and metrics as over HTTP.
 */
type Result = { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };

/** One operation over the socket: its single result, once `complete` has arrived. */
function once(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    let result: Result | undefined;
    client.subscribe({ query, variables }, {
      next: (r) => (result = r as Result),
      error: reject,
      complete: () => (result ? resolve(result) : reject(new Error('completed without a result'))),
    });
  });
}

const DEACTIVATE = `mutation($id: ID!) { deactivateAdvisor(id: $id) { id active } }`;

describe.each(backends())('queries and mutations over the socket (%s)', (backend) => {
  const f = serverFixture(backend);
  const k = dispatchKit(f);

  it('an advisor reports positions over its socket: stored, visible to routing, counted in /metrics as transport="ws"', async () => {
    const a = await k.addAdvisor('chicago', CITY.chicago);
    const c = wsClient(f.server.url, a.token);
    try {
      for (let step = 1; step <= 3; step++) {
        const at = { lat: CITY.chicago.lat + step * 0.001, lon: CITY.chicago.lon };
        const r = await once(c, Q.reportLocation, { location: at });
        expect(r.errors).toBeUndefined();
        expect(r.data.reportAdvisorLocation).toMatchObject({ id: a.id, location: at });
      }
      const [row] = await k.sql<{ lat: number }>('select ST_Y(location::geometry) as lat from advisors where id = $1::uuid', [a.id]);
      expect(row!.lat).toBeCloseTo(CITY.chicago.lat + 0.003, 6);
      const metrics = await (await fetch(`${f.server.url}/metrics`)).text();
      expect(metrics).toMatch(/graphql_operation_duration_seconds_count\{operation="anonymous",type="mutation",outcome="ok",transport="ws"\} [3-9]/);
    } finally {
      await c.dispose();
    }
  });

  it('bad input and a deactivated advisor get the same errors as over HTTP, and change nothing', async () => {
    const a = await k.addAdvisor('denver', CITY.denver);
    const c = wsClient(f.server.url, a.token);
    try {
      const before = await k.sql('select location_at from advisors where id = $1::uuid', [a.id]);
      const bad = await once(c, Q.reportLocation, { location: { lat: 91, lon: CITY.denver.lon } });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await k.sql('select location_at from advisors where id = $1::uuid', [a.id])).toEqual(before);
      await k.ok(DEACTIVATE, { id: a.id }, await supervisorToken());
      const gone = await once(c, Q.reportLocation, { location: CITY.denver });
      expect(gone.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await k.sql('select location_at from advisors where id = $1::uuid', [a.id])).toEqual(before);
    } finally {
      await c.dispose();
    }
  });

  it('roles hold over the socket: a person cannot report an advisor position, an anonymous socket cannot read the roster', async () => {
    const person = wsClient(f.server.url, await personToken(randomUUID()));
    const anonymous = wsClient(f.server.url);
    try {
      expect((await once(person, Q.reportLocation, { location: CITY.denver })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const roster = await once(anonymous, '{ advisors(consulateId: "denver") { id } }');
      expect(roster.data?.advisors ?? null).toBeNull();
      expect(roster.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await person.dispose();
      await anonymous.dispose();
    }
  });

  it('a document checked once is answered from memory: the same invalid document is refused the same way each time, and the socket stays usable', async () => {
    const a = await k.addAdvisor('dallas', CITY.dallas);
    const c = wsClient(f.server.url, a.token);
    try {
      const refusals = [];
      for (let i = 0; i < 3; i++) refusals.push(await once(c, '{ noSuchField }').catch((e) => ({ errors: e }) as Result));
      for (const r of refusals) expect(JSON.stringify(r.errors)).toContain('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(refusals[2]!.errors)).toBe(JSON.stringify(refusals[0]!.errors));
      const r = await once(c, Q.reportLocation, { location: CITY.dallas });
      expect(r.data.reportAdvisorLocation.id).toBe(a.id);
      // A text longer than MAX_CACHED_DOCUMENT_CHARS is checked every time, not kept, and works the same.
      const padded = `# ${'x'.repeat(9_000)}\n${Q.reportLocation}`;
      expect((await once(c, padded, { location: CITY.dallas })).data.reportAdvisorLocation.id).toBe(a.id);
      expect(JSON.stringify((await once(c, `# ${'x'.repeat(9_000)}\n{ noSuchField }`).catch((e) => ({ errors: e }) as Result)).errors)).toContain('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await c.dispose();
    }
  });
});

describe('BoundedMemo', () => {
  it('computes once per key, keeps at most `limit` keys and forgets the least recently used first', () => {
    const calls: string[] = [];
    const memo = new BoundedMemo(2, (k: string) => (calls.push(k), k.toUpperCase()));
    expect(memo.get('a')).toBe('A');
    expect(memo.get('a')).toBe('A');
    expect(memo.get('b')).toBe('B');
    memo.get('a'); // a is now the most recently used
    memo.get('c'); // evicts b
    expect(memo.size).toBe(2);
    memo.get('a');
    memo.get('b');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });
});

describe('coalesceWrites', () => {
  it('holds a socket\'s frames until the promise jobs of the current turn are done, then writes them in one go', async () => {
    const calls: string[] = [];
    const raw = { destroyed: false, cork: () => calls.push('cork'), uncork: () => calls.push('uncork') };
    const socket = { _socket: raw } as unknown as WebSocket;
    coalesceWrites(socket);
    calls.push('next frame');
    await Promise.resolve(); // graphql-ws awaits between a result and its `complete`
    await Promise.resolve();
    coalesceWrites(socket);
    calls.push('complete frame');
    expect(calls).toEqual(['cork', 'next frame', 'complete frame']);
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['cork', 'next frame', 'complete frame', 'uncork']);
    coalesceWrites(socket); // a later turn corks again
    raw.destroyed = true; // and a socket destroyed meanwhile is left alone
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['cork', 'next frame', 'complete frame', 'uncork', 'cork']);
  });
});
