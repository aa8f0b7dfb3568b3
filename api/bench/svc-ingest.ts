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
  ingest: Throughput & { loadgenCpu: number };
  ingestTiming: StatementStat[];
  /** The single-row UPDATE (`setAdvisorLocation`), bare SQL. */
  ingestFloor: Throughput;
  /** The group-commit writer alone (`LocationWriter` → `setAdvisorLocations`), bare SQL. */
  ingestBatched: Throughput & { statements: number };
  visibility: { ms: Summary; notSeen: number };
}

/** Measured on 2026-11-28 (commit 74cc857), three statements per report, before group commit. */
export const BEFORE = { service: 824, floor: 6261 };
export const BATCHED_KEY = 'setAdvisorLocations (one UPDATE … FROM unnest per batch)';

type Phase = <T>(name: string, fn: () => Promise<T>) => Promise<{ out: T; timing: StatementStat[]; cpu: number }>;
type IngestOut = { latencies: number[]; errors: ErrorCounts; elapsedMs: number };

export async function runIngest(b: Bench, o: {
  url: string; secret: string; base: bigint; poolMax: number; concurrency: number; durationS: number; senders: number;
  advisors: Array<LonLat & { id: string; consulateId: string }>; phase: Phase;
}): Promise<IngestReport> {
  const extra = await Promise.all(Array.from({ length: o.senders - 1 }, () => LoadGen.start({ base: o.base, url: b.server.url, secret: o.secret })));
  const senders = [b.sender, ...extra];
  try {
    const who = o.advisors.slice(0, o.concurrency);
    const split = (durationS: number) => senders.map((s, j) => {
      const mine = who.filter((_, i) => i % senders.length === j);
      return s.call<IngestOut>('ingest', { concurrency: mine.length, durationS, advisors: mine });
    });
    await Promise.all(split(1)); // warm-up (JIT, connections), not reported
    const lg0 = senders.reduce((a, s) => a + s.cpuSeconds(), 0);
    b.machineCpu();
    const t0 = b.now();
    const r = await o.phase('ingest', () => Promise.all(split(o.durationS)));
    const loadgenCpu = (senders.reduce((a, s) => a + s.cpuSeconds(), 0) - lg0) / ((b.now() - t0) / 1000);
    const machineCpu = b.machineCpu();
    const errors: ErrorCounts = {};
    for (const x of r.out) for (const [k, v] of Object.entries(x.errors)) errors[k] = (errors[k] ?? 0) + v;
    const latencies = r.out.flatMap((x) => x.latencies);
    b.log(`ingest: ${(latencies.length / (Math.max(...r.out.map((x) => x.elapsedMs)) / 1000)).toFixed(0)}/s; server cpu ${(r.cpu * 100).toFixed(0)}%, load generators ${(loadgenCpu * 100).toFixed(0)}%, machine ${(machineCpu * 100).toFixed(0)}%`);
    const floor = await runFloorIngest(o.url, o.poolMax, o.advisors, o.concurrency, o.durationS, b.now);
    b.machineCpu();
    const batched = await runFloorIngestBatched(o.url, o.poolMax, o.advisors, o.concurrency, o.durationS, b.now);
    const batchedCpu = b.machineCpu();
    const visibility = await visibilityCheck(b, o.advisors, 20);
    return {
      concurrency: o.concurrency, ingestS: o.durationS, senders: senders.length,
      ingest: {
        ok: latencies.length, errors, elapsedMs: Math.max(...r.out.map((x) => x.elapsedMs)), lat: summarize(latencies),
        serverCpu: r.cpu, machineCpu, loadgenCpu,
      },
      ingestTiming: r.timing,
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

/** Reports per batched statement in the service run. */
export function meanBatch(r: IngestReport): number {
  const n = r.ingestTiming.find((x) => x.key === BATCHED_KEY)?.count ?? 0;
  return n ? r.ingest.ok / n : NaN;
}

export function ingestMethod(r: IngestReport): string {
  return `- **Location ingest**: ${r.concurrency} advisors, each with its own ADVISOR token, calling \`reportAdvisorLocation\` back to back for ${r.ingestS} s` +
    `${r.senders > 1 ? `, split over ${r.senders} load-generator processes` : ''}. Two floors at the same concurrency and pool size, bare SQL through \`pg\`: ` +
    'the single-row UPDATE the service ran before (`setAdvisorLocation`), and the group-commit writer the service runs now (`LocationWriter` → `setAdvisorLocations`) without HTTP, GraphQL or auth. ' +
    `**Visible to routing**: ${r.visibility.ms.n + r.visibility.notSeen} times, an advisor is moved and, from the moment the mutation is sent, \`findCandidates\` (the dispatch query) is run at the new point until it returns that advisor at distance < 1 m (2 s cap).`;
}

export function ingestSection(r: IngestReport, timingTable: (t: StatementStat[], per: number) => string[]): string[] {
  const floor = perS(r.ingestFloor);
  const row = (name: string, t: Throughput) =>
    `| ${name} | ${fmt(perS(t), 0)} | ${(perS(t) / floor).toFixed(2)}× | ${fmt(t.lat.p50)} | ${fmt(t.lat.p99)} | ${errs(t.errors)} |`;
  return [
    '### Advisor location ingest',
    '',
    '| | updates/s | ÷ single-UPDATE floor | latency p50 | p99 | errors |',
    '|---|---:|---:|---:|---:|---:|',
    row(`Service (\`reportAdvisorLocation\`, group commit, ${r.concurrency} advisors)`, r.ingest),
    row(`Floor: the single-row UPDATE alone (\`setAdvisorLocation\`, ${r.concurrency} loops)`, r.ingestFloor),
    row(`The group-commit writer alone (\`LocationWriter\`, ${r.concurrency} loops, ${fmt(r.ingestBatched.ok / Math.max(1, r.ingestBatched.statements))} reports per statement)`, r.ingestBatched),
    '',
    `Before group commit (three statements per report): ${BEFORE.service}/s against a floor of ${BEFORE.floor}/s in that run (${(BEFORE.service / BEFORE.floor).toFixed(2)}×).`,
    '',
    `During the service run: server process CPU ${pct(r.ingest.serverCpu)} of one core, load generator${r.senders > 1 ? 's' : ''} ${pct(r.ingest.loadgenCpu)}, machine ${pct(r.ingest.machineCpu)}; ` +
      `${fmt(meanBatch(r))} reports per statement on average. Statements (per operation = per report):`,
    '',
    ...timingTable(r.ingestTiming, r.ingest.ok),
    '',
    `Visible to routing: ${r.visibility.ms.n} of ${r.visibility.ms.n + r.visibility.notSeen} updates seen by the candidate query, from send: p50 ${fmt(r.visibility.ms.p50)} ms, max ${fmt(r.visibility.ms.max)} ms — ${visibleInTime(r) ? 'every one within 1 s' : '**not every one within 1 s**'} (a report is answered only after the batch that carries it has committed, so the first query after the answer sees it).`,
  ];
}

export function ingestTargetRows(r: IngestReport): string[] {
  const rate = perS(r.ingest);
  return [
    `| 10,000 advisor location updates/s | ${fmt(rate, 0)}/s, ${(rate / perS(r.ingestFloor)).toFixed(2)}× the single-UPDATE floor (${fmt(perS(r.ingestFloor), 0)}/s) in the same run; before group commit ${BEFORE.service}/s (${(BEFORE.service / BEFORE.floor).toFixed(2)}× its floor) | ${verdict(rate >= 10_000)} |`,
    `| A location update visible to routing within 1 s | max ${fmt(r.visibility.ms.max)} ms over ${r.visibility.ms.n + r.visibility.notSeen} updates | ${verdict(visibleInTime(r))} |`,
  ];
}
