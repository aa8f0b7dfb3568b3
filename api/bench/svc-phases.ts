/** The measured phases of the service benchmark, each bounded in count and time. */
import type { IntervalHistogram } from 'node:perf_hooks';
import type { RunningServer } from '../src/http/server.js';
import type { Queryable } from '../src/db/types.js';
import { findCandidates } from '../src/sql/candidates.js';
import { REPORT_LOCATION_DOCUMENT, addError, summarize, type ErrorCounts, type Summary } from './svc-common.js';
import type { LoadGen, MachineCpu } from './svc-control.js';
import type { RaiseResult } from './svc-loadgen.js';
import type { LonLat } from '../sim/geo.js';

export interface Bench {
  server: RunningServer;
  sender: LoadGen;
  subs: LoadGen;
  /** The bench's own connections to its database (not the service's pool). */
  pool: Queryable;
  now: () => number;
  /** Event-loop delay of this (the server's) process, sampled every ELD_RESOLUTION_MS. */
  eld: IntervalHistogram;
  machineCpu: MachineCpu;
  /** CPU seconds used so far by the database cluster's processes (postmaster and backends); NaN when it is not on this machine. */
  databaseCpuSeconds: () => number;
  secretToken: (advisorId: string) => Promise<string>;
  log: (s: string) => void;
}

export const ELD_RESOLUTION_MS = 10;
/** How long after the last answer a copy may still arrive before it counts as missing. */
export const DRAIN_MS = 15_000;

export interface LoadResult {
  label: string;
  /** The run's number when a point is measured more than once (the heaviest point: its tail varies run to run). */
  run?: number;
  rate: number;
  subscribers: number;
  sent: number;
  ok: number;
  errors: ErrorCounts;
  /** Answered raises per second, first send to last answer. */
  achieved: number;
  raise: Summary;
  event: Summary;
  delivered: number;
  expected: number;
  duplicates: number;
  eldP99: number;
  /** The server process's longest garbage-collection pause in the phase (ms), where measured. */
  gcMaxMs?: number;
  eldMax: number;
  framesPerS: number;
  serverCpu: number;
  /** The database cluster's processes, as a share of one core (NaN when it is not on this machine). */
  databaseCpu: number;
  /** The phase's wall time (s): the window and the wait for its last copies; what the CPU shares are of. */
  wallS: number;
  machineCpu: number;
  /** Of machineCpu, the share stolen by the hypervisor for other guests. */
  machineSteal: number;
  loadgenCpu: number;
  slipMaxMs: number;
  subErrors: ErrorCounts;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return true;
    await sleep(50);
  }
  return cond();
}

/** Event-loop lag beyond the sampling interval, in ms. */
export function eldStats(eld: IntervalHistogram): { p99: number; max: number } {
  const lag = (ns: number) => Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS);
  return { p99: lag(eld.percentile(99)), max: lag(eld.max) };
}

/** Opens one graphql-ws subscriber per entry (an OPERATOR of that consulate) and waits until the hub has them all. */
export async function openSubscribers(b: Bench, consulateIds: string[], prefix: string) {
  const before = b.server.hub.listenerCount;
  const r = await b.subs.call<{ opened: number; failed: number; ms: number }>('openSubscribers', { consulateIds, subPrefix: prefix });
  const live = await waitFor(() => b.server.hub.listenerCount >= before + r.opened, 30_000);
  if (!live) b.log(`warning: only ${b.server.hub.listenerCount - before} of ${r.opened} subscriptions reached the hub`);
  return r;
}

export async function closeSubscribers(b: Bench): Promise<void> {
  const before = b.server.hub.listenerCount;
  const { closed } = await b.subs.call<{ closed: number }>('closeSubscribers');
  await waitFor(() => b.server.hub.listenerCount <= before - closed, 30_000);
}

/**
 * Raises `rate` alerts/s for `durationS` (open loop, one new person per alert) while the open subscribers
 * listen; then waits for the copies to arrive (at most DRAIN_MS) and measures each RAISED copy's latency
 * from the moment its mutation was sent.
 */
export async function runLoad(b: Bench, o: { label: string; rate: number; durationS: number; points: LonLat[]; subsOf: Map<string, number> }): Promise<LoadResult> {
  const subscribers = [...o.subsOf.values()].reduce((a, c) => a + c, 0);
  await b.subs.call('collect');
  const fan0 = b.server.fanout.deliveries;
  const cpu0 = process.cpuUsage();
  const db0 = b.databaseCpuSeconds();
  const lg0 = b.sender.cpuSeconds() + b.subs.cpuSeconds();
  b.machineCpu();
  b.eld.reset();
  const t0 = b.now();
  const count = Math.round(o.rate * o.durationS);
  const { results, slipMaxMs } = await b.sender.call<{ results: RaiseResult[]; slipMaxMs: number }>('raiseOpenLoop', { rate: o.rate, count, points: o.points, personPrefix: `p-${o.label}` });
  const expected = results.reduce((a, r) => a + (r.id ? o.subsOf.get(r.consulateId!) ?? 0 : 0), 0);
  const drainEnd = Date.now() + DRAIN_MS;
  while (Date.now() < drainEnd && (await b.subs.call<{ copies: number }>('peek')).copies < expected) await sleep(100);
  const wallS = (b.now() - t0) / 1000;
  const eld = eldStats(b.eld);
  const cpu = process.cpuUsage(cpu0);
  const databaseCpu = (b.databaseCpuSeconds() - db0) / wallS;
  const frames = b.server.fanout.deliveries - fan0;
  const machine = b.machineCpu();
  const loadgenCpu = b.sender.cpuSeconds() + b.subs.cpuSeconds() - lg0;
  const got = await b.subs.call<{ arrivals: Map<string, number[]>; errors: ErrorCounts; otherEvents: Set<string> }>('collect');

  const errors: ErrorCounts = {};
  const latencies: number[] = [];
  let delivered = 0;
  let duplicates = 0;
  for (const r of results) {
    if (!r.id) {
      addError(errors, r.error ?? 'UNKNOWN');
      continue;
    }
    const want = o.subsOf.get(r.consulateId!) ?? 0;
    const arr = got.arrivals.get(r.id) ?? [];
    delivered += Math.min(arr.length, want);
    duplicates += Math.max(0, arr.length - want);
    for (const t of arr) latencies.push(t - r.sentAt);
  }
  const ok = results.filter((r) => r.id);
  await explainMissing(b, o.label, ok, got, o.subsOf);
  const span = ok.length ? (Math.max(...ok.map((r) => r.doneAt)) - Math.min(...ok.map((r) => r.sentAt))) / 1000 : NaN;
  return {
    label: o.label, rate: o.rate, subscribers, sent: results.length, ok: ok.length, errors,
    achieved: ok.length / span,
    raise: summarize(ok.map((r) => r.doneAt - r.sentAt)),
    event: summarize(latencies),
    delivered, expected, duplicates,
    eldP99: eld.p99, eldMax: eld.max,
    framesPerS: frames / wallS,
    serverCpu: (cpu.user + cpu.system) / 1e6 / wallS,
    databaseCpu,
    wallS,
    machineCpu: machine,
    machineSteal: b.machineCpu.steal,
    loadgenCpu: loadgenCpu / wallS,
    slipMaxMs, subErrors: got.errors,
  };
}

/** For a few alerts with copies missing: what the database holds for them and what the subscribers did see. */
async function explainMissing(b: Bench, label: string, ok: RaiseResult[], got: { arrivals: Map<string, number[]>; otherEvents: Set<string> }, subsOf: Map<string, number>) {
  const missing = ok.filter((r) => (got.arrivals.get(r.id!)?.length ?? 0) < (subsOf.get(r.consulateId!) ?? 0));
  for (const r of missing.slice(0, 3)) {
    const ev = await b.pool.query<{ seq: number; type: string; at: Date }>('select seq, type, at from alert_events where alert_id = $1 order by seq', [r.id]);
    b.log(`${label}: alert ${r.id} (${r.consulateId}) answered at ${r.doneAt.toFixed(0)} ms: ${got.arrivals.get(r.id!)?.length ?? 0} RAISED copies, ` +
      `other events seen: ${got.otherEvents.has(r.id!)}; in the table: ${ev.rows.map((e) => `${e.type}#${e.seq}`).join(', ') || 'nothing'}`);
  }
}

/**
 * After a reportAdvisorLocation has been answered, the candidate query (findCandidates, as dispatch runs
 * it) at the new position must return the advisor at distance ~0. Returns ms from send until seen.
 */
export async function visibilityCheck(b: Bench, advisors: Array<LonLat & { id: string; consulateId: string }>, samples: number): Promise<{ ms: Summary; notSeen: number }> {
  const q = b.pool;
  const times: number[] = [];
  let notSeen = 0;
  for (let k = 0; k < samples; k++) {
    const a = advisors[advisors.length - 1 - k]!;
    const p = { lon: Math.round((a.lon + 0.01 + k * 0.001) * 1e5) / 1e5, lat: a.lat, accuracyM: 5 };
    const token = await b.secretToken(a.id);
    const t0 = b.now();
    const res = await fetch(`${b.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: REPORT_LOCATION_DOCUMENT, variables: { location: p } }),
    });
    await res.json();
    let seen = false;
    while (!seen && b.now() - t0 < 2_000) {
      const c = await findCandidates(q, { alertId: '00000000-0000-4000-8000-000000000000', consulateId: a.consulateId, lon: p.lon, lat: p.lat, maxLocationAgeSeconds: 600, neighbourRadiusM: 30_000 });
      seen = c.some((x) => x.advisorId === a.id && x.distanceM < 1);
    }
    if (seen) times.push(b.now() - t0);
    else notSeen++;
  }
  return { ms: summarize(times), notSeen };
}
