import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import { collect, eventually, operatorToken, startTestServer, testConfig, wsClient } from './support/server.js';

/**
 * The drain itself (api/src/http/drain.ts, issue 22): from the moment it starts, /readyz answers 503 on a
 * connection already open, a request in flight still gets its answer, new connections are refused once nothing
 * runs, and WebSockets are closed (1001) only after that; what outlives SHUTDOWN_GRACE_MS is cut.
 */
const BODY = JSON.stringify({ query: '{ __typename }' });

/** A raw HTTP/1.1 connection: what was received so far, and a way to send more. */
async function rawConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((r, j) => socket.once('connect', r).once('error', j));
  let received = '';
  let closed = false;
  let lastDataAt = 0;
  socket.setEncoding('utf8');
  socket.on('data', (c: string) => ((received += c), (lastDataAt = Date.now())));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  return { socket, received: () => received, closed: () => closed, lastDataAt: () => lastDataAt, send: (s: string) => socket.write(s) };
}
/** Tries a new connection every 200 ms (sparser than the drain's 100 ms quiet window) until one is refused. */
async function refusedWithin(port: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    const refused = await rawConnection(port).then((c) => (c.socket.destroy(), false), () => true);
    if (refused) return true;
  }
  return false;
}
const statusLines = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
/** Headers and the first half of a POST body: the request is in flight until the rest arrives. */
const slowPost = (port: number) =>
  `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY.slice(0, 10)}`;

describe.each(backends())('draining the server on %s', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await cloneTestDb(backend);
  });
  afterAll(() => t?.dispose());
  // A server per test over the same database (closing a server leaves the database to its owner).
  const start = (shutdownGraceMs: number) => startTestServer(t.db, { ops: { ...testConfig().ops, shutdownGraceMs } });

  it('answers /readyz 503 at once, lets a request in flight finish, then refuses new connections and closes WebSockets with 1001', async () => {
    const server = await start(10_000);
    const probe = await rawConnection(server.port);
    probe.send(`GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n`);
    await eventually(() => expect(statusLines(probe.received())).toEqual([200]));
    const client = wsClient(server.url, await operatorToken('losangeles'));
    let closed: { code: number; at: number } | null = null;
    client.on('closed', (e) => (closed = { code: (e as { code: number }).code, at: Date.now() }));
    const sub = collect(client, 'subscription { alertEvents { cursor } }');
    await eventually(() => expect(server.requestsInFlight()).toBe(0));
    const slow = await rawConnection(server.port);
    slow.send(slowPost(server.port));
    await eventually(() => expect(server.requestsInFlight()).toBe(1));

    const closing = server.close();
    probe.send(`GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n`);
    await eventually(() => expect(statusLines(probe.received())).toEqual([200, 503]));
    expect(probe.received()).toContain('shutting down');
    expect(closed).toBeNull(); // WebSockets stay until HTTP has drained

    slow.send(BODY.slice(10));
    await eventually(() => expect(statusLines(slow.received())).toEqual([200]));
    const answeredAt = slow.lastDataAt();
    expect(slow.received()).toContain('"__typename":"Query"');
    // Once nothing runs and no connection came for a moment, the listening socket closes: new ones are refused.
    expect(await refusedWithin(server.port, 8_000)).toBe(true);
    const report = await closing;
    expect(report).toMatchObject({ http: { inFlightAtStart: 1, answered: 2, cut: 0 }, webSockets: 1 });
    await eventually(() => expect(closed).toMatchObject({ code: 1001 }));
    expect(closed!.at).toBeGreaterThanOrEqual(answeredAt);
    await eventually(() => expect(slow.closed()).toBe(true)); // answered with Connection: close
    expect(sub.errors).toMatchObject([{ code: 1001 }]); // the subscriber is told why its stream ended
    await client.dispose();
  });

  it('cuts what is still running when SHUTDOWN_GRACE_MS is over, and says so', async () => {
    const server = await start(300);
    const stuck = await rawConnection(server.port);
    stuck.send(slowPost(server.port)); // never finished
    await eventually(() => expect(server.requestsInFlight()).toBe(1));
    const t0 = Date.now();
    const report = await server.close();
    const ms = Date.now() - t0;
    expect(report.http).toMatchObject({ inFlightAtStart: 1, cut: 1 });
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(5_000);
    await eventually(() => expect(stuck.closed()).toBe(true));
  });
});
