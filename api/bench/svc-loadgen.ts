/**
 * The service benchmark's load generator, a child process of api/bench/service.ts (its own event loop
 * and file descriptors, so the server process measures only itself). Commands arrive over IPC:
 * graphql-ws subscribers (control-room operators) that record when each RAISED event arrives, and
 * HTTP clients that raise alerts (open or closed loop) or report advisor positions.
 */
import http from 'node:http';
import WebSocket from 'ws';
import { signToken, type TokenClaims } from '../src/auth/jwt.js';
import { EVENTS_DOCUMENT, RAISE_DOCUMENT, REPORT_LOCATION_DOCUMENT, addError, clockFrom, type ErrorCounts } from './svc-common.js';

export interface RaiseResult {
  sentAt: number;
  doneAt: number;
  id?: string;
  consulateId?: string;
  error?: string;
}
interface Pt { lon: number; lat: number }

let now = () => 0;
let url = '';
let secret = '';
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const token = (c: TokenClaims) => signToken({ ttlSeconds: 3600, ...c }, { secret });

function post(body: string, auth: string): Promise<{ data?: any; errors?: Array<{ extensions?: { code?: string } }> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/graphql`, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          resolve({ errors: [{ extensions: { code: `HTTP_${res.statusCode}` } }] });
        }
      });
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

async function raiseOne(auth: string, p: Pt, key: string): Promise<RaiseResult> {
  const body = JSON.stringify({ query: RAISE_DOCUMENT, variables: { input: { location: { lon: p.lon, lat: p.lat, accuracyM: 25 }, idempotencyKey: key } } });
  const sentAt = now();
  try {
    const r = await post(body, auth);
    const a = r.data?.raiseAlert;
    if (a) return { sentAt, doneAt: now(), id: a.id, consulateId: a.consulate.id };
    return { sentAt, doneAt: now(), error: r.errors?.[0]?.extensions?.code ?? 'UNKNOWN' };
  } catch (err) {
    return { sentAt, doneAt: now(), error: (err as Error).message === 'timeout' ? 'TIMEOUT' : 'NETWORK' };
  }
}

const personTokens = (prefix: string, n: number) => Promise.all(Array.from({ length: n }, (_, i) => token({ role: 'PERSON', sub: `${prefix}-${i}` })));

/** Open loop: request i is sent at start + i / rate whatever happened to the earlier ones. */
async function raiseOpenLoop(a: { rate: number; count: number; points: Pt[]; personPrefix: string }) {
  const tokens = await personTokens(a.personPrefix, a.count);
  const results: Array<Promise<RaiseResult>> = [];
  const slips: number[] = [];
  const start = now() + 20;
  await new Promise<void>((done) => {
    const tick = () => {
      const t = now();
      while (results.length < a.count && start + (results.length * 1000) / a.rate <= t) {
        const i = results.length;
        slips.push(t - (start + (i * 1000) / a.rate));
        results.push(raiseOne(tokens[i]!, a.points[i % a.points.length]!, `k-${i}`));
      }
      if (results.length >= a.count) return done();
      setTimeout(tick, Math.max(0, start + (results.length * 1000) / a.rate - now()));
    };
    tick();
  });
  return { results: await Promise.all(results), slipMaxMs: Math.max(0, ...slips) };
}

/** Closed loop: `concurrency` clients, each sending its next raise as soon as the previous one answered. */
async function raiseClosedLoop(a: { concurrency: number; durationS: number; maxCount: number; points: Pt[]; personPrefix: string }) {
  const tokens = await personTokens(a.personPrefix, a.maxCount);
  const results: RaiseResult[] = [];
  let next = 0;
  const start = now();
  const end = start + a.durationS * 1000;
  await Promise.all(Array.from({ length: a.concurrency }, async () => {
    while (now() < end && next < a.maxCount) {
      const i = next++;
      results.push(await raiseOne(tokens[i]!, a.points[i % a.points.length]!, `k-${i}`));
    }
  }));
  return { results, elapsedMs: now() - start };
}

/** `concurrency` advisors, each reporting a new position as soon as the previous report answered. */
async function ingest(a: { concurrency: number; durationS: number; advisors: Array<Pt & { id: string }>; transport?: 'http' | 'ws'; rate?: number }) {
  if (a.transport === 'ws') return ingestOverWs(a);
  const who = a.advisors.slice(0, a.concurrency);
  const tokens = await Promise.all(who.map((x) => token({ role: 'ADVISOR', sub: `bench-adv-${x.id}`, advisorId: x.id })));
  const latencies: number[] = [];
  const errors: ErrorCounts = {};
  const start = now();
  const end = start + a.durationS * 1000;
  await Promise.all(who.map(async (adv, k) => {
    for (let step = 1; now() < end; step++) {
      const location = { lon: adv.lon + 0.0001 * (step % 50), lat: adv.lat, accuracyM: 10 };
      const t0 = now();
      try {
        const r = await post(JSON.stringify({ query: REPORT_LOCATION_DOCUMENT, variables: { location } }), tokens[k]!);
        if (r.errors) addError(errors, r.errors[0]?.extensions?.code ?? 'UNKNOWN');
        else latencies.push(now() - t0);
      } catch {
        addError(errors, 'NETWORK');
      }
    }
  }));
  return { latencies, errors, elapsedMs: now() - start };
}

/**
 * The same reports as mutations over each advisor's graphql-ws connection (the one an officer's app holds
 * for its subscriptions): authenticated once at connection_init, no HTTP request per report. Spoken with a
 * minimal client of the graphql-transport-ws protocol (`ProtocolSocket`) rather than the graphql-ws
 * library's, so the load generator spends as little of the shared CPUs as it can.
 */
async function ingestOverWs(a: { concurrency: number; durationS: number; advisors: Array<Pt & { id: string }>; rate?: number }) {
  const who = a.advisors.slice(0, a.concurrency);
  const sockets: ProtocolSocket[] = [];
  for (let i = 0; i < who.length; i += 100) // connected 100 at a time, as the subscribers are
    sockets.push(...(await Promise.all(who.slice(i, i + 100).map(async (x) =>
      ProtocolSocket.open(url.replace(/^http/, 'ws') + '/graphql', await token({ role: 'ADVISOR', sub: `bench-adv-${x.id}`, advisorId: x.id }))))));
  const latencies: number[] = [];
  const errors: ErrorCounts = {};
  const send = async (k: number, step: number) => {
    const adv = who[k]!;
    const location = { lon: adv.lon + 0.0001 * (step % 50), lat: adv.lat, accuracyM: 10 };
    const t0 = now();
    const code = await sockets[k]!.run(REPORT_LOCATION_DOCUMENT, { location });
    if (code) addError(errors, code);
    else latencies.push(now() - t0);
  };
  const start = now();
  const end = start + a.durationS * 1000;
  let sent = 0;
  if (a.rate) {
    // Open loop, as phones report: advisor k sends every who.length / rate seconds, the advisors staggered
    // evenly, whether or not its previous report was answered (graphql-ws multiplexes by operation id).
    const inFlight: Array<Promise<void>> = [];
    const periodMs = (1000 * who.length) / a.rate;
    await new Promise<void>((done) => {
      const tick = () => {
        const t = now();
        while (start + (sent * 1000) / a.rate! <= Math.min(t, end)) {
          const k = sent % who.length;
          inFlight.push(send(k, Math.floor(sent / who.length)));
          sent++;
        }
        if (t >= end) return done();
        setTimeout(tick, Math.max(0, Math.min(periodMs, start + (sent * 1000) / a.rate! - now())));
      };
      tick();
    });
    await Promise.all(inFlight);
  } else {
    await Promise.all(who.map(async (_, k) => {
      for (let step = 1; now() < end; step++, sent++) await send(k, step);
    }));
  }
  const elapsedMs = now() - start;
  for (const s of sockets) s.close();
  return { latencies, errors, elapsedMs, sent };
}

/** One graphql-transport-ws connection; `run` resolves with an error code, or null when the operation succeeded. */
class ProtocolSocket {
  private seq = 0;
  private readonly pending = new Map<string, { code: string | null; done: (code: string | null) => void }>();
  private readonly subscriptions = new Map<string, { next: (payload: any) => void; error: (payload: unknown) => void }>();
  /** Called once the socket has closed, with its close code. */
  onClose?: (code: number) => void;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; id?: string; payload?: any };
      if (m.type === 'ping') return ws.send('{"type":"pong"}');
      const sub = m.id === undefined ? undefined : this.subscriptions.get(m.id);
      if (sub) return m.type === 'next' ? sub.next(m.payload) : m.type === 'error' ? sub.error(m.payload) : undefined;
      const p = m.id === undefined ? undefined : this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'next') p.code = m.payload?.errors ? String(m.payload.errors[0]?.extensions?.code ?? 'UNKNOWN') : null;
      else if (m.type === 'error') p.code = String(m.payload?.[0]?.extensions?.code ?? 'ERROR');
      if (m.type === 'complete' || m.type === 'error') {
        this.pending.delete(m.id!);
        p.done(p.code);
      }
    });
    ws.on('error', () => undefined); // a 'close' follows, which counts it
    ws.on('close', (code) => {
      for (const p of this.pending.values()) p.done('NETWORK');
      this.pending.clear();
      this.onClose?.(code);
    });
  }

  static open(address: string, auth: string): Promise<ProtocolSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(address, 'graphql-transport-ws');
      ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${auth}` } })));
      ws.once('message', (data) => (JSON.parse(String(data)).type === 'connection_ack' ? resolve(new ProtocolSocket(ws)) : reject(new Error(String(data)))));
      ws.once('error', reject);
      ws.once('close', (code) => reject(new Error(`closed ${code} before connection_ack`)));
    });
  }

  run(query: string, variables: Record<string, unknown>): Promise<string | null> {
    return new Promise((done) => {
      const id = String(++this.seq);
      this.pending.set(id, { code: 'EMPTY', done });
      this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    });
  }

  /** A subscription that lasts as long as the socket: `next` gets each result's payload. */
  subscribe(query: string, next: (payload: any) => void, error: (payload: unknown) => void): void {
    const id = String(++this.seq);
    this.subscriptions.set(id, { next, error });
    this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
  }

  close(): void {
    this.ws.close(1000);
  }
}

// ---- subscribers ----
let clients: ProtocolSocket[] = [];
let arrivals = new Map<string, number[]>();
let frames = 0;
let copies = 0;
/** Alerts with some other event (OFFERED, ...) delivered: tells a lost RAISED copy from a lost alert. */
let otherEvents = new Set<string>();
let subErrors: ErrorCounts = {};
let closing = false;

/**
 * One OPERATOR per entry, each on its own graphql-transport-ws connection with one `alertEvents`
 * subscription. Spoken with `ProtocolSocket` rather than the graphql-ws client, whose per-message work
 * is CPU taken from the machine the server shares: both load generators together used 22–24% of a core
 * at 100 alerts/s × 50 subscribers with the library, 17–21% with this.
 */
async function openSubscribers(a: { consulateIds: string[]; subPrefix: string; batch?: number }) {
  const t0 = now();
  let opened = 0;
  const batch = a.batch ?? 100;
  const address = url.replace(/^http/, 'ws') + '/graphql';
  for (let i = 0; i < a.consulateIds.length; i += batch) {
    const ids = a.consulateIds.slice(i, i + batch);
    const oks = await Promise.all(ids.map(async (consulateId, j) => {
      const auth = await token({ role: 'OPERATOR', sub: `${a.subPrefix}-${i + j}`, consulateId });
      const opening = ProtocolSocket.open(address, auth);
      let socket: ProtocolSocket;
      try {
        socket = await withTimeout(opening, 15_000);
      } catch {
        void opening.then((late) => late.close(), () => undefined); // one that opens after all is not kept
        return false;
      }
      clients.push(socket);
      // A socket the server closed while we still listened: its copies are lost (counted).
      socket.onClose = (code) => void (closing || addError(subErrors, `CLOSED_${code}`));
      socket.subscribe(EVENTS_DOCUMENT, (payload: { data?: { alertEvents?: { type: string; alert: { id: string } } } }) => {
        const e = payload?.data?.alertEvents;
        if (!e) return addError(subErrors, 'EMPTY_FRAME');
        frames++;
        if (e.type !== 'RAISED') return void otherEvents.add(e.alert.id);
        copies++;
        const list = arrivals.get(e.alert.id);
        if (list) list.push(now());
        else arrivals.set(e.alert.id, [now()]);
      }, () => addError(subErrors, 'SUBSCRIPTION_ERROR'));
      return true;
    }));
    opened += oks.filter(Boolean).length;
  }
  return { opened, failed: a.consulateIds.length - opened, ms: now() - t0, errors: subErrors };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    p.then((v) => (clearTimeout(timer), resolve(v)), (e) => (clearTimeout(timer), reject(e)));
  });
}

function collect() {
  const out = { arrivals, frames, errors: subErrors, otherEvents };
  arrivals = new Map();
  otherEvents = new Set();
  frames = 0;
  copies = 0;
  subErrors = {};
  return out;
}

async function closeSubscribers() {
  const n = clients.length;
  closing = true;
  for (const c of clients) c.close();
  clients = [];
  await new Promise((r) => setTimeout(r, Math.min(5_000, 200 + n / 5)));
  closing = false;
  return { closed: n };
}

const commands: Record<string, (args: any) => unknown> = {
  init: (a: { base: bigint; url: string; secret: string }) => {
    now = clockFrom(a.base);
    url = a.url;
    secret = a.secret;
    return true;
  },
  raiseOpenLoop, raiseClosedLoop, ingest, openSubscribers, collect, closeSubscribers,
  memory: () => process.memoryUsage().rss,
  peek: () => ({ copies, frames }),
};

process.on('message', (m: { id: number; cmd: string; args: unknown }) => {
  Promise.resolve()
    .then(() => commands[m.cmd]!(m.args))
    .then((result) => process.send!({ id: m.id, result }), (err: Error) => process.send!({ id: m.id, error: err.stack ?? String(err) }));
});
process.on('disconnect', () => process.exit(0));
