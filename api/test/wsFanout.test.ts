import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { parseMessage, type Message } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, gql, operatorToken, personToken, serverFixture, token, wsClient } from './support/server.js';
import { startWsEndpoint } from './support/wsEndpoint.js';
import { appendEvents, eventsAfter, type NewEvent } from '../src/sql/events.js';
import { setLogSink } from '../src/log.js';
import type { FanoutStats } from '../src/realtime/sharedExecution.js';
import { PreparedPayloads } from '../src/http/wsAdapter.js';

const RAISE = `mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }`;
const LA = { lat: 34.05, lon: -118.25 };
const raise = async (url: string) =>
  (await gql(url, RAISE, { i: { location: LA, idempotencyKey: randomUUID() } }, await personToken(randomUUID()))).data!.raiseAlert.id as string;

/**
 * A graphql-transport-ws subscriber speaking the protocol by hand, so the test sees each frame's raw
 * text: what the server put on the wire, not what a client library made of it.
 */
function rawSubscriber(url: string, authToken: string | null, id: string, query: string, opts: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws', opts);
  const next: string[] = [];
  const other: Message[] = [];
  const invalid: string[] = [];
  let pings = 0;
  let closeCode: number | null = null;
  ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: authToken ? { authorization: `Bearer ${authToken}` } : {} })));
  ws.on('ping', () => pings++);
  ws.on('close', (code) => (closeCode = code));
  ws.on('error', () => undefined);
  ws.on('message', (data) => {
    const text = String(data);
    let msg: Message;
    try {
      msg = parseMessage(text); // throws unless it is a valid graphql-transport-ws message
    } catch {
      return void invalid.push(text);
    }
    if (msg.type === 'connection_ack' && query) ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
    else if (msg.type === 'next') next.push(text);
    else other.push(msg);
  });
  return { ws, id, next, other, invalid, pings: () => pings, closeCode: () => closeCode };
}
type RawSubscriber = ReturnType<typeof rawSubscriber>;

/** A frame without its `{"id":...,` prefix (checked to be this subscriber's id): the bytes every subscriber must share. */
function withoutId(s: RawSubscriber, frame: string): string {
  const prefix = `{"id":${JSON.stringify(s.id)},`;
  expect(frame.startsWith(prefix), `frame ${frame.slice(0, 60)} carries id ${s.id}`).toBe(true);
  return frame.slice(prefix.length);
}

/** Every LA event after `after`, as the database has them. */
async function laSeqs(f: { t: { db: Parameters<typeof eventsAfter>[0] } }, after: number): Promise<string[]> {
  return (await eventsAfter(f.t.db, after, { consulateId: 'losangeles' }, 100_000)).map((e) => String(e.seq));
}

describe.each(backends())('WebSocket fan-out on %s', (backend) => {
  const f = serverFixture(backend);
  const stats = () => ({ ...(f.server.fanout as FanoutStats) });

  it('identical subscribers share one execution and one serialisation per event, and receive byte-identical payloads', async () => {
    await eventually(() => expect(f.server.hub.listenerCount).toBe(0));
    // Own token subjects, one consulate: what a subscriber may see is the same, so is the shape.
    const op = (i: number) => token({ role: 'OPERATOR', sub: `fan-${i}`, consulateId: 'losangeles' });
    const A = `subscription { alertEvents { cursor type alert { id status } } }`;
    const B = `subscription { alertEvents { cursor at } }`;
    // Ids of different lengths, some needing JSON escapes, so a frame's own id really is spliced around shared bytes.
    const ids = (i: number) => (i % 3 === 0 ? `s${i}` : i % 3 === 1 ? `sub "${i}" \\ ü` : randomUUID());
    const a = await Promise.all(Array.from({ length: 20 }, async (_, i) => rawSubscriber(f.server.url, await op(i), ids(i), A)));
    const b = await Promise.all(Array.from({ length: 5 }, async (_, i) => rawSubscriber(f.server.url, await op(100 + i), ids(i), B)));
    await eventually(() => expect(f.server.hub.listenerCount).toBe(25));
    const start = f.server.hub.deliveredSeq;
    const before = stats();

    for (let i = 0; i < 3; i++) await raise(f.server.url);
    const seqs = await laSeqs(f, start);
    expect(seqs.length).toBeGreaterThanOrEqual(6); // RAISED and OFFERED for each alert
    await eventually(() => expect([...a, ...b].every((s) => s.next.length === seqs.length)).toBe(true));

    const events = seqs.length;
    const after = stats();
    // The cost of an event is one execution and one serialisation per distinct shape (2), not per subscriber (25).
    expect(after.executions - before.executions).toBe(events * 2);
    expect(after.serialisations - before.serialisations).toBe(events * 2);
    expect(after.deliveries - before.deliveries).toBe(events * 25);

    for (const [group, query] of [[a, A], [b, B]] as const) {
      for (const s of group) {
        expect(s.invalid).toEqual([]);
        expect(s.other).toEqual([]);
        const cursors = s.next.map((text) => {
          const msg = JSON.parse(text) as { id: string; type: string; payload: { data: { alertEvents: { cursor: string } } } };
          expect(msg.id).toBe(s.id);
          expect(msg.type).toBe('next');
          return msg.payload.data.alertEvents.cursor;
        });
        expect(cursors, query).toEqual(seqs);
      }
      for (let k = 0; k < events; k++) expect(new Set(group.map((s) => withoutId(s, s.next[k]!))).size).toBe(1);
    }
    for (const s of [...a, ...b]) s.ws.close();
  });

  it('an error in a shared result is formatted once, as on HTTP, and every subscriber gets the same bytes', async () => {
    await eventually(() => expect(f.server.hub.listenerCount).toBe(0));
    const op = await operatorToken('losangeles');
    // `track(last: 0)` is refused by its resolver for every event: each result carries an error.
    const Q = `subscription { alertEvents { cursor alert { id track(last: 0) { lat } } } }`;
    const subs = Array.from({ length: 4 }, (_, i) => rawSubscriber(f.server.url, op, `e${i}`, Q));
    await eventually(() => expect(f.server.hub.listenerCount).toBe(4));
    const start = f.server.hub.deliveredSeq;
    const before = stats();
    await raise(f.server.url);
    const seqs = await laSeqs(f, start);
    await eventually(() => expect(subs.every((s) => s.next.length === seqs.length)).toBe(true));
    expect(stats().executions - before.executions).toBe(seqs.length);
    expect(stats().serialisations - before.serialisations).toBe(seqs.length);
    for (let k = 0; k < seqs.length; k++) expect(new Set(subs.map((s) => withoutId(s, s.next[k]!))).size).toBe(1);
    const payload = (JSON.parse(subs[0]!.next[0]!) as { payload: { data: unknown; errors: Array<Record<string, unknown>> } }).payload;
    expect(payload.data).toBeNull();
    expect(payload.errors).toHaveLength(1);
    // formatError's shape: message, path and the stable code; graphql-js's own toJSON would add `locations`.
    expect(payload.errors[0]).toMatchObject({ message: 'last must be between 1 and 500', extensions: { code: 'BAD_USER_INPUT' } });
    expect(payload.errors[0]).not.toHaveProperty('locations');
    for (const s of subs) s.ws.close();
  });

  it('pings every keepAliveMs; a client that does not answer is terminated one interval later, one that does stays', async () => {
    // 400 ms, not less: the client that answers has one interval to get its pong back, and this process (server
    // and clients in one event loop, beside an embedded database) can stall for more than 100 ms on a loaded CI
    // machine, where a 100 ms interval once cut it off as if it were gone.
    const endpoint = await startWsEndpoint(f, { keepAliveMs: 400 });
    try {
      const silent = rawSubscriber(endpoint.url, null, '', '', { autoPong: false });
      const normal = rawSubscriber(endpoint.url, null, '', '');
      await eventually(() => expect(silent.closeCode()).not.toBeNull());
      // Terminated (no close frame: 1006) at the first tick after its unanswered ping: exactly one ping seen.
      expect(silent.closeCode()).toBe(1006);
      expect(silent.pings()).toBe(1);
      const seen = normal.pings();
      // Several more intervals; within the generous wait the 30 s default would not have pinged even once.
      await eventually(() => expect(normal.pings()).toBeGreaterThanOrEqual(seen + 3), 10_000);
      expect(normal.ws.readyState).toBe(WebSocket.OPEN);
      expect(normal.closeCode()).toBeNull();
      expect(endpoint.wss.clients.size).toBe(1);
      normal.ws.close();
    } finally {
      await endpoint.close();
    }
  });

  it('cuts off a subscriber that stops reading once its unsent data passes the limit; another gets every event, in order', async () => {
    const LIMIT = 64 * 1024;
    const lines: string[] = [];
    const prevSink = setLogSink({ write: (l) => void (lines.push(l), prevSink.write(l)) }, 'debug');
    const endpoint = await startWsEndpoint(f, { slowConsumerBytes: LIMIT, keepAliveMs: 0 }); // cut by bytes, never by keep-alive
    try {
      const alertId = await raise(f.server.url);
      const lastSeq = Number((await laSeqs(f, 0)).at(-1));
      await eventually(() => expect(f.server.hub.deliveredSeq).toBeGreaterThanOrEqual(lastSeq)); // subscriptions below start after it
      await eventually(() => expect(f.server.hub.listenerCount).toBe(0));
      const note = 'x'.repeat(2_000);
      const batch: NewEvent[] = Array.from({ length: 100 }, () => ({ alertId, consulateId: 'losangeles', type: 'LOCATION_UPDATED', fromStatus: null, toStatus: null, actorRole: 'SYSTEM', actorId: null, note }));
      const published: string[] = [];
      const mine = new Set<string>();
      const publish = async () => {
        for (const { seq } of await appendEvents(f.t.db, batch)) {
          published.push(String(seq));
          mine.add(String(seq));
        }
      };
      const op = await operatorToken('losangeles');
      const slow = rawSubscriber(endpoint.url, op, 'slow', `subscription { alertEvents { cursor note } }`);
      const client = wsClient(endpoint.url, op);
      const normal = collect<{ alertEvents: { cursor: string } }>(client, `subscription { alertEvents { cursor } }`);
      // Only the events published here (an earlier alert's offer may expire meanwhile and add its own).
      const ours = () => normal.events.map((e) => e.alertEvents.cursor).filter((c) => mine.has(c));
      await eventually(() => expect(f.server.hub.listenerCount).toBe(2));
      (slow.ws as unknown as { _socket: import('node:net').Socket })._socket.pause(); // stops reading; the kernel buffers fill first

      // ~2 KB frames, 100 per batch, until the server gives up on the reader (bounded: 6,000 events, 12 MB;
      // the kernel's socket buffers absorb the first few MB before any byte waits in the server's queue).
      while (endpoint.wss.clients.size === 2 && published.length < 6_000) {
        await publish();
        // The normal subscriber keeps pace batch by batch: the stalled one delays nobody.
        await eventually(() => expect(ours().length).toBe(published.length), 30_000);
      }
      expect(endpoint.wss.clients.size).toBe(1);
      const dropped = lines.map((l) => JSON.parse(l) as { event: string; buffered?: number }).filter((l) => l.event === 'ws.slow_consumer_dropped');
      expect(dropped).toHaveLength(1);
      // Cut right after the frame that crossed the limit: its memory was bounded by the limit plus one frame.
      expect(dropped[0]!.buffered).toBeGreaterThan(LIMIT);
      expect(dropped[0]!.buffered).toBeLessThan(LIMIT + 2 * (note.length + 200));
      await eventually(() => expect(f.server.hub.listenerCount).toBe(1)); // its subscription ended with it

      // One more batch after the cut: the normal subscriber has every event, in order, none twice.
      await publish();
      await eventually(() => expect(ours().length).toBe(published.length), 30_000);
      expect(ours()).toEqual(published);
      expect(normal.errors).toEqual([]);

      // The stalled reader, reading again, finds what reached its kernel buffer and then the end of the stream.
      (slow.ws as unknown as { _socket: import('node:net').Socket })._socket.resume();
      await eventually(() => expect(slow.closeCode()).toBe(1006), 30_000);
      expect(slow.next.length).toBeLessThan(published.length);
      await client.dispose();
    } finally {
      setLogSink(prevSink, 'debug');
      await endpoint.close();
    }
  });
});

describe('payloads prepared for their frames', () => {
  it('gives each payload back once, by its token, in any order', () => {
    const p = new PreparedPayloads();
    const a = Buffer.from('{"a":1}');
    const b = Buffer.from('{"b":2}');
    const c = Buffer.from('{"c":3}');
    p.put('1', a);
    p.put('2', b);
    p.put('3', c);
    expect(p.size).toBe(3);
    expect(p.take('1')).toBe(a);
    expect(p.take('1')).toBeUndefined();
    expect(p.take('3')).toBe(c);
    expect(p.take('9')).toBeUndefined();
    expect(p.size).toBe(1);
    expect(p.take('2')).toBe(b);
    expect(p.size).toBe(0);
    p.put('4', a);
    p.clear();
    expect(p.size).toBe(0);
    expect(p.take('4')).toBeUndefined();
  });
});
