/**
 * The advisor location-ingest phase of the service benchmark and its part of the report: the service
 * (HTTP → GraphQL → `reportAdvisorLocation`, group commit) against two floors measured in the same run,
 * the single-row UPDATE and the batched statement alone, then the visibility-to-routing check.
 */
import { fmt, summarize, verdict, type ErrorCounts, type Summary } from './svc-common.js';
import { LoadGen } from './svc-control.js';
import { runFloorIngest, runFloorIngestBatched } from './svc-floor.js';
import { visibilityCheck, type Bench } from './svc-phases.js';
import type { StatementStat } from './svc-timing.js';
import type { LonLat } from '../sim/geo.js';

export interface Throughput {
  ok: number;
  errors: number | ErrorCounts;
  elapsedMs: number;
  lat: Summary;
  serverCpu?: number;
  machineCpu?: number;
}

export interface IngestReport {
  concurrency: number;
  /** Seconds each closed loop runs. */
  ingestS: number;
  /** Load generator processes sending the reports (advisors split among them). */
  senders: number;
  /** Over HTTP, `concurrency` advisors in closed loop. */
  ingest: Throughput & { loadgenCpu: number };
  ingestTiming: StatementStat[];
  /** Over each advisor's graphql-ws socket, the same advisors in closed loop. */
  ingestWs: Throughput & { loadgenCpu: number };
  /** Over graphql-ws, open loop: `advisors` sockets offering `rate` reports/s in all. */
  ingestOpen: Throughput & { loadgenCpu: number; rate: number; advisors: number; sent: number };
  ingestOpenTiming: StatementStat[];
  /** The single-row UPDATE (`api/bench/svc-floor.ts`), bare SQL. */
  ingestFloor: Throughput;
  /** The group-commit writer alone (`LocationWriter` → `setAdvisorLocations`), bare SQL. */
  ingestBatched: Throughput & { statements: number };
  visibility: { ms: Summary; notSeen: number };
}

/** Measured on 2026-11-28 (commit 74cc857), three statements per report, before group commit. */
export const BEFORE = { service: 824, floor: 6261 };
/** Measured on 2026-12-01 (commit 3e45472): group commit, HTTP only. */
export const BEFORE_WS = { service: 2548, floor: 7773 };
export const BATCHED_KEY = 'setAdvisorLocations (one UPDATE … FROM unnest per batch)';
export const TARGET_RATE = 10_000;

type Phase = <T>(name: string, fn: () => Promise<T>) => Promise<{ out: T; timing: StatementStat[]; cpu: number }>;
type IngestOut = { latencies: number[]; errors: ErrorCounts; elapsedMs: number; sent?: number };
type Pt = LonLat & { id: string; consulateId: string };

export async function runIngest(b: Bench, o: {
  url: string; secret: string; base: bigint; poolMax: number; concurrency: number; durationS: number; senders: number;
  /** Open loop: reports/s offered and advisors offering them. */
  rate: number; openAdvisors: number;
  advisors: Pt[]; phase: Phase;
}): Promise<IngestReport> {
  const extra = await Promise.all(Array.from({ length: o.senders - 1 }, () => LoadGen.start({ base: o.base, url: b.server.url, secret: o.secret })));
  const senders = [b.sender, ...extra];
  /** One measured run: the advisors split over the senders (and the rate with them). */
  const measure = async (name: string, who: Pt[], args: { transport: 'http' | 'ws'; rate?: number; durationS: number }) => {
    const split = (durationS: number) => senders.map((s, j) => {
      const mine = who.filter((_, i) => i % senders.length === j);
      return s.call<IngestOut>('ingest', { ...args, durationS, concurrency: mine.length, advisors: mine, rate: args.rate && args.rate / senders.length });
    });
    await Promise.all(split(1)); // warm-up (JIT, connections), not reported
    const lg0 = senders.reduce((a, s) => a + s.cpuSeconds(), 0);
    b.machineCpu();
    const t0 = b.now();
    const r = await o.phase(name, () => Promise.all(split(args.durationS)));
    const loadgenCpu = (senders.reduce((a, s) => a + s.cpuSeconds(), 0) - lg0) / ((b.now() - t0) / 1000);
    const machineCpu = b.machineCpu();
    const errors: ErrorCounts = {};
    for (const x of r.out) for (const [k, v] of Object.entries(x.errors)) errors[k] = (errors[k] ?? 0) + v;
    const latencies = r.out.flatMap((x) => x.latencies);
    const elapsedMs = Math.max(...r.out.map((x) => x.elapsedMs));
    const sent = r.out.reduce((a, x) => a + (x.sent ?? 0), 0);
    b.log(`${name}: ${(latencies.length / (elapsedMs / 1000)).toFixed(0)}/s; server cpu ${(r.cpu * 100).toFixed(0)}%, load generators ${(loadgenCpu * 100).toFixed(0)}%, machine ${(machineCpu * 100).toFixed(0)}%`);
    return { result: { ok: latencies.length, errors, elapsedMs, lat: summarize(latencies), serverCpu: r.cpu, machineCpu, loadgenCpu }, timing: r.timing, sent };
  };
  try {
    const closed = o.advisors.slice(0, o.concurrency);
    const http = await measure('ingest', closed, { transport: 'http', durationS: o.durationS });
    const ws = await measure('ingest-ws', closed, { transport: 'ws', durationS: o.durationS });
    const open = await measure('ingest-open', o.advisors.slice(0, o.openAdvisors), { transport: 'ws', rate: o.rate, durationS: o.durationS });
    const floor = await runFloorIngest(o.url, o.poolMax, o.advisors, o.concurrency, o.durationS, b.now);
    b.machineCpu();
    const batched = await runFloorIngestBatched(o.url, o.poolMax, o.advisors, o.concurrency, o.durationS, b.now);
    const batchedCpu = b.machineCpu();
    const visibility = await visibilityCheck(b, o.advisors, 20);
    return {
      concurrency: o.concurrency, ingestS: o.durationS, senders: senders.length,
      ingest: http.result, ingestTiming: http.timing,
      ingestWs: ws.result,
      ingestOpen: { ...open.result, rate: o.rate, advisors: o.openAdvisors, sent: open.sent }, ingestOpenTiming: open.timing,
      ingestFloor: { ok: floor.count, errors: floor.errors, elapsedMs: floor.elapsedMs, lat: summarize(floor.latencies) },
      ingestBatched: { ok: batched.count, errors: batched.errors, elapsedMs: batched.elapsedMs, lat: summarize(batched.latencies), machineCpu: batchedCpu, statements: batched.statements },
      visibility,
    };
  } finally {
    for (const s of extra) s.stop();
  }
}

export const perS = (t: { ok: number; elapsedMs: number }) => t.ok / (t.elapsedMs / 1000);
const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(0)}%`);
const errs = (e: number | ErrorCounts) => (typeof e === 'number' ? String(e) : Object.keys(e).length ? Object.entries(e).map(([k, v]) => `${k} ${v}`).join(', ') : 'none');
const visibleInTime = (r: IngestReport) => r.visibility.notSeen === 0 && r.visibility.ms.max <= 1000;

/** Reports per batched statement in a service run. */
export function meanBatch(r: IngestReport, which: 'http' | 'open' = 'http'): number {
  const timing = which === 'http' ? r.ingestTiming : r.ingestOpenTiming;
  const ok = which === 'http' ? r.ingest.ok : r.ingestOpen.ok;
  const n = timing.find((x) => x.key === BATCHED_KEY)?.count ?? 0;
  return n ? ok / n : NaN;
}

/** The open-loop run kept up: the load was offered, every report answered, none later than 1 s. */
export function keptUp(r: IngestReport): boolean {
  const o = r.ingestOpen;
  const offered = o.rate * r.ingestS;
  return o.rate >= TARGET_RATE && o.sent >= 0.99 * offered && o.ok === o.sent && errs(o.errors) === 'none' && o.lat.max <= 1000;
}

export function ingestMethod(r: IngestReport): string {
  return `- **Location ingest**: \`reportAdvisorLocation\` from advisors each with its own ADVISOR token, three ways, ${r.ingestS} s each` +
    `${r.senders > 1 ? `, split over ${r.senders} load-generator processes` : ''}: ${r.concurrency} advisors back to back (closed loop) over HTTP; ` +
    `the same ${r.concurrency} over each one's graphql-ws socket (authenticated once at \`connection_init\`, as the officer's app sends its reports); ` +
    `and open loop over graphql-ws: ${r.ingestOpen.advisors} advisors, each reporting every ${fmt((1000 * r.ingestOpen.advisors) / r.ingestOpen.rate, 0)} ms, staggered, ` +
    `${r.ingestOpen.rate} reports/s offered whether or not earlier ones were answered (the load generator speaks the graphql-transport-ws protocol with a ` +
    'minimal client of its own to spend little of the shared CPUs). **Kept up** means every report offered was answered, none later than 1 s. ' +
    'Two floors at the closed-loop concurrency and pool size, bare SQL through `pg`: ' +
    'the single-row UPDATE the service ran before (`api/bench/svc-floor.ts`), and the group-commit writer the service runs now (`LocationWriter` → `setAdvisorLocations`) without HTTP, GraphQL or auth. ' +
    `**Visible to routing**: ${r.visibility.ms.n + r.visibility.notSeen} times, an advisor is moved and, from the moment the mutation is sent, \`findCandidates\` (the dispatch query) is run at the new point until it returns that advisor at distance < 1 m (2 s cap).`;
}

export function ingestSection(r: IngestReport, timingTable: (t: StatementStat[], per: number) => string[]): string[] {
  const floor = perS(r.ingestFloor);
  const row = (name: string, t: Throughput) =>
    `| ${name} | ${fmt(perS(t), 0)} | ${(perS(t) / floor).toFixed(2)}× | ${fmt(t.lat.p50)} | ${fmt(t.lat.p99)} | ${fmt(t.lat.max)} | ${errs(t.errors)} | ${pct(t.serverCpu)} / ${pct(t.machineCpu)} |`;
  const o = r.ingestOpen;
  return [
    '### Advisor location ingest',
    '',
    '| | updates/s | ÷ single-UPDATE floor | latency p50 | p99 | max | errors | CPU server / machine |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    row(`Service over HTTP (${r.concurrency} advisors, closed loop)`, r.ingest),
    row(`Service over graphql-ws (${r.concurrency} advisors, closed loop)`, r.ingestWs),
    row(`Service over graphql-ws, open loop: ${o.rate}/s offered by ${o.advisors} advisors (${o.ok}/${o.sent} answered)`, o),
    row(`Floor: the single-row UPDATE alone (${r.concurrency} loops)`, r.ingestFloor),
    row(`The group-commit writer alone (\`LocationWriter\`, ${r.concurrency} loops, ${fmt(r.ingestBatched.ok / Math.max(1, r.ingestBatched.statements))} reports per statement)`, r.ingestBatched),
    '',
    `Before: three statements per report, ${BEFORE.service}/s (${(BEFORE.service / BEFORE.floor).toFixed(2)}× its floor, 2026-11-28); group commit over HTTP only, ${BEFORE_WS.service}/s (${(BEFORE_WS.service / BEFORE_WS.floor).toFixed(2)}×, 2026-12-01, commit 3e45472).`,
    '',
    `During the HTTP run: load generator${r.senders > 1 ? 's' : ''} ${pct(r.ingest.loadgenCpu)}; over graphql-ws ${pct(r.ingestWs.loadgenCpu)} (closed) and ${pct(o.loadgenCpu)} (open). ` +
      `Reports per statement: ${fmt(meanBatch(r))} (HTTP), ${fmt(meanBatch(r, 'open'))} (open loop). Statements of the open-loop run (per operation = per report):`,
    '',
    ...timingTable(r.ingestOpenTiming, o.ok),
    '',
    `Visible to routing: ${r.visibility.ms.n} of ${r.visibility.ms.n + r.visibility.notSeen} updates seen by the candidate query, from send: p50 ${fmt(r.visibility.ms.p50)} ms, max ${fmt(r.visibility.ms.max)} ms — ${visibleInTime(r) ? 'every one within 1 s' : '**not every one within 1 s**'} (a report is answered only after the batch that carries it has committed, so the first query after the answer sees it).`,
  ];
}

export function ingestTargetRows(r: IngestReport): string[] {
  const o = r.ingestOpen;
  return [
    `| 10,000 advisor location updates/s | open loop over graphql-ws: ${o.rate}/s offered by ${o.advisors} advisors, ${o.ok}/${o.sent} answered (${fmt(perS(o), 0)}/s), latency p99 ${fmt(o.lat.p99)} ms, max ${fmt(o.lat.max)} ms; ` +
      `closed loop ${fmt(perS(r.ingestWs), 0)}/s over graphql-ws and ${fmt(perS(r.ingest), 0)}/s over HTTP (${r.concurrency} advisors; single-UPDATE floor ${fmt(perS(r.ingestFloor), 0)}/s) | ${verdict(keptUp(r))} |`,
    `| A location update visible to routing within 1 s | max ${fmt(r.visibility.ms.max)} ms over ${r.visibility.ms.n + r.visibility.notSeen} updates | ${verdict(visibleInTime(r))} |`,
  ];
}
