import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, gql, operatorToken, personToken, serverFixture, startTestServer, supervisorToken, token, wsClient } from './support/server.js';

const RAISE = `mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }`;
const EVENTS = `subscription($after: String) { alertEvents(after: $after) { cursor alert { id } } }`;
const raise = async (url: string) =>
  (await gql(url, RAISE, { i: { location: { lat: 34.05, lon: -118.25 }, idempotencyKey: randomUUID() } }, await personToken(randomUUID()))).data!.raiseAlert.id as string;

describe.each(backends().slice(0, 1))('load and abuse (%s)', (backend) => {
  const f = serverFixture(backend);

  it('a socket flooding subscribe messages is capped; another client keeps receiving promptly', async () => {
    const flooder = new WebSocket(f.server.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
    await new Promise((r) => flooder.on('open', r));
    const errors: unknown[] = [];
    flooder.on('message', (m) => {
      const msg = JSON.parse(String(m));
      if (msg.type === 'connection_ack')
        for (let i = 0; i < 2000; i++) flooder.send(JSON.stringify({ id: `s${i}`, type: 'subscribe', payload: { query: 'subscription { alertEvents { cursor } }' } }));
      if (msg.type === 'error') errors.push(msg);
    });
    flooder.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await supervisorToken()}` } }));
    const victim = wsClient(f.server.url, await operatorToken('losangeles'));
    const s = collect(victim, EVENTS);
    await eventually(() => expect(errors.length).toBe(2000 - 20), 20_000);
    expect(JSON.stringify(errors[0])).toContain("RATE_LIMITED");

    const id = await raise(f.server.url);
    await eventually(() => expect({ ids: s.events.map((e) => e.alertEvents.alert.id), errors: s.errors }).toMatchObject({ ids: expect.arrayContaining([id]) }), 3_000).catch((e) => { throw new Error(JSON.stringify(s.errors).slice(0, 800), { cause: e }); });
    flooder.close();
    await victim.dispose();
  });

  it('a reconnect storm: 150 consoles dropped at once by a server restart all resubscribe with their cursors and miss nothing', async () => {
    const port = f.server.port;
    const N = 150;
    // Distinct tokens (the per-token connection limit is 10), each console keeping its last cursor.
    const consoles = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const tok = await token({ role: 'OPERATOR', sub: `console-${i}`, consulateId: 'losangeles' });
        const state = { cursor: null as string | null, ids: [] as string[], cursors: [] as string[] };
        const client = wsClient(f.server.url, tok, {
          retryAttempts: 50,
          retryWait: () => new Promise((r) => setTimeout(r, 100 + Math.random() * 900)), // jittered
          shouldRetry: () => true,
        });
        client.subscribe({ query: EVENTS, get variables() { return { after: state.cursor }; } } as never, {
          next: (v: { data?: { alertEvents: { cursor: string; alert: { id: string } } } }) => {
            state.cursor = v.data!.alertEvents.cursor;
            state.cursors.push(state.cursor);
            state.ids.push(v.data!.alertEvents.alert.id);
          },
          error: () => undefined,
          complete: () => undefined,
        });
        return { client, state };
      }),
    );
    await eventually(() => expect(f.server.hub.listenerCount).toBeGreaterThanOrEqual(N), 20_000);
    const before = await raise(f.server.url);
    await eventually(() => expect(consoles.every((c) => c.state.ids.includes(before))).toBe(true), 20_000);

    await f.server.close(); // every socket drops at once
    const during = await Promise.all([raise(`http://127.0.0.1:${port}`).catch(() => null)]);
    expect(during).toEqual([null]); // nothing listens while the server is down
    const restarted = await startTestServer(f.t.db, { port });
    const missed = [await raise(restarted.url), await raise(restarted.url)];
    await eventually(() => expect(consoles.every((c) => missed.every((id) => c.state.ids.includes(id)))).toBe(true), 30_000);
    for (const c of consoles) expect(new Set(c.state.cursors).size).toBe(c.state.cursors.length); // and no event twice
    await Promise.all(consoles.map((c) => c.client.dispose()));
    f.server = restarted; // the fixture closes it
  }, 90_000);
});
