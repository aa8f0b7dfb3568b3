/**
 * The service under load, end to end, against real PostgreSQL + PostGIS:
 *
 *   DATABASE_URL=postgres://user@host:5432/postgres npm run bench
 *
 * Creates (drops first) the database `alerta_bench` on that server, migrates and seeds it, adds 100,000
 * available advisors, starts the service in this process (startServer over openPg, the production pool)
 * and drives it from two child processes (api/bench/svc-loadgen.ts): HTTP raises and graphql-ws
 * control-room subscribers. Measures raise → RAISED-event latency for every subscriber's copy at several
 * rates and audiences, closed-loop throughput against the bare-SQL floor, advisor location ingest, and
 * 10,000 connected subscribers; writes docs/BENCHMARKS.md between `<!-- bench:service:start/end -->`.
 *
 * Environment: BENCH_DOC (output file), BENCH_DB_NAME (instead of alerta_bench), BENCH_SUBSCRIBERS (default 10000), BENCH_KEEP_DB=1 (keep alerta_bench),
 * BENCH_PROFILE=dir (CPU profile of the server process per phase, written there and summarised),
 * BENCH_LOADGEN_PROFILE=dir (CPU profiles of the two load-generator processes, for their whole life),
 * BENCH_ONLY=locations (only the location-ingest phase and its floors; prints its part of the report and
 * leaves the document alone), BENCH_INGEST_SENDERS (load-generator processes for ingest, default 1),
 * BENCH_ONLY=latency (only the latency points, each with its five slowest transactions step by step, and
 * with BENCH_STALLS=1 the server's GC pauses and event-loop stalls by wall-clock time) or
 * throughput (only the closed-loop service and its floor),
 * BENCH_REPEATS (how many times the heaviest latency point, 100 × 50, runs; default 3), BENCH_POINTS (the
 * latency points instead of the usual ones, e.g. `100x0,100x50,100x50`: alerts/s x subscribers),
 * BENCH_INGEST_RATE and BENCH_INGEST_ADVISORS (the open-loop ingest run: reports/s offered, default 10000,
 * by how many advisors' sockets, default 1000), BENCH_ONLY=raid (only the raid point, api/bench/svc-raid.ts:
 * 100 × 50 without and with a raid of BENCH_RAID_SIZE alerts, default 300, the console's subscriptions open, then the console
 * drawn in Chromium for its frames (BENCH_RAID_CONSOLE=0: not);
 * BENCH_RAID_POINT=20x50 for another background than 100 × 50;
 * BENCH_DETECTION=0 (a control run: the service detects no incidents, to measure what raid mode's own work costs);
 * writes its own section `bench:raid`, which the full run writes too).
 */
import os from 'node:os';
import { createWriteStream, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { openPg } from '../src/db/pg.js';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/http/server.js';
import { signToken } from '../src/auth/jwt.js';
import { setLogSink } from '../src/log.js';
import { clockFrom, summarize, writeSection } from './svc-common.js';
import { LoadGen, machineCpu } from './svc-control.js';
import { clusterCpu } from './procCpu.js';
import { BENCH_DB, benchAdvisors, benchUrl, consulatePlaces, copyBenchDb, pointsInDistrict, prepareBenchDb, versions, weightedPoints } from './svc-setup.js';
import { ELD_RESOLUTION_MS, closeSubscribers, eldStats, openSubscribers, runLoad, sleep, type Bench, type LoadResult } from './svc-phases.js';
import { runFloorRaises } from './svc-floor.js';
import { compareCandidateQueries } from './svc-knn.js';
import { instrumentDb, slowestLines, type StatementStat } from './svc-timing.js';
import { profiler } from './svc-profile.js';
import { watchStalls } from './svc-stalls.js';
import type { RaiseResult } from './svc-loadgen.js';
import { routePoint } from '../src/sql/routing.js';
import { renderReport, timingTable, type Report } from './svc-report.js';
import { ingestSection, ingestTargetRows, runIngest } from './svc-ingest.js';
import { ingestLimit } from './svc-limits.js';
import { runRaidPoint } from './svc-raid.js';
import { cpuPerAlertMs, renderRaid } from './svc-raidReport.js';
import { BENCH_WEB_DIST, buildBenchWeb } from './svc-browser.js';
import { historyOption } from './svc-history.js';
import { runHistoryBench, type HistorySide } from './svc-history-run.js';
import type { Queryable } from '../src/db/types.js';
import type { Config } from '../src/config.js';
import type { RunningServer } from '../src/http/server.js';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('DATABASE_URL is required: a PostgreSQL + PostGIS server on which the database `alerta_bench` may be created, e.g.\n' +
    '  DATABASE_URL=postgres://user@127.0.0.1:5432/postgres npm run bench');
  process.exit(2);
}
const DOC = process.env.BENCH_DOC ?? fileURLToPath(new URL('../../docs/BENCHMARKS.md', import.meta.url));
const N_SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const SECRET = 'bench-only-secret-0123456789-abcdefghijklmnop';
const POOL_MAX = 10; // openPg's default: what production runs
/** How many times the heaviest point runs: its tail differs from run to run on a shared machine. */
const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS ?? 3));
const POINTS: Array<[rate: number, subscribers: number, run?: number]> = process.env.BENCH_POINTS
  ? process.env.BENCH_POINTS.split(',').map((p, k) => [...p.split('x').map(Number), k + 1] as [number, number, number])
  : [
      [50, 1], [20, 100], [50, 50],
      ...Array.from({ length: REPEATS }, (_, k): [number, number, number?] => [100, 50, REPEATS > 1 ? k + 1 : undefined]),
    ];
const POINT_SECONDS = 10;
const CONCURRENCY = 32;
const INGEST_SECONDS = 8;
const ONLY = process.env.BENCH_ONLY;
/** BENCH_DETECTION=0: the control run without incident detection (`ServerOptions.incidentDetection`). */
const DETECTION = process.env.BENCH_DETECTION !== '0';
if (ONLY !== undefined && !['locations', 'latency', 'throughput', 'raid'].includes(ONLY)) {
  console.error(`BENCH_ONLY=${ONLY}: the phases that run alone are "locations", "latency", "throughput" and "raid"`);
  process.exit(2);
}
const INGEST_SENDERS = Math.max(1, Number(process.env.BENCH_INGEST_SENDERS ?? 1));
const INGEST_RATE = Math.max(1, Number(process.env.BENCH_INGEST_RATE ?? 10_000));
const INGEST_ADVISORS = Math.max(1, Number(process.env.BENCH_INGEST_ADVISORS ?? 1_000));
/** `--history 1y [--history-scale f]`: only the hot path without and with a year of history (svc-history.ts). */
const HISTORY = historyOption(process.argv.slice(2));

const startedAt = new Date();
const base = process.hrtime.bigint();
const now = clockFrom(base);
const log = (s: string) => console.log(`[${(now() / 1000).toFixed(1).padStart(6)} s] ${s}`);
const loadBefore = os.loadavg();

if (!DETECTION) log('BENCH_DETECTION=0: the service detects no incidents (a control run)');
log(`preparing ${BENCH_DB} on ${new URL(adminUrl).host}`);
const setupTimes = await prepareBenchDb(adminUrl, log);
const url = benchUrl(adminUrl);
/** The history run's second database: a copy of the prepared one, made before anything connects to either. */
const HISTORY_DB = `${BENCH_DB}_history`;
const historyUrl = HISTORY ? await copyBenchDb(adminUrl, HISTORY_DB) : null;
if (historyUrl) log(`copied ${BENCH_DB} to ${HISTORY_DB}, which takes the history`);
const pool = openPg({ connectionString: url, max: 4 });
const ver = await versions(pool);
const places = await consulatePlaces(pool);
const la = places.find((p) => p.id === 'losangeles')!;
const laPoints = await pointsInDistrict(pool, 'losangeles', la, 300);
const wPoints = weightedPoints(places.filter((p) => !p.fallback), 4000);
const advisors = await benchAdvisors(pool, 300);
log(`database ready: ${ver.advisors} advisors; setup ${JSON.stringify(setupTimes)}`);

// The service's log lines go to a file (as to a collector), not to this terminal.
const logFile = `${os.tmpdir()}/alerta-bench-server.log`;
const logStream = createWriteStream(logFile);
const logCounts = { warn: 0, error: 0 };
setLogSink({ write: (line) => {
  if (line.includes('"level":"warn"')) logCounts.warn++;
  if (line.includes('"level":"error"')) logCounts.error++;
  logStream.write(line + '\n');
} }, 'info');

/** The heap settings of this process, which hosts the service: `npm run bench` passes those of `npm start`. */
const HEAP_FLAGS = process.execArgv.filter((a) => /^--(initial-old-space-size|max-old-space-size|max-semi-space-size|initial-heap-size)=/.test(a));
if (!HEAP_FLAGS.length) log('warning: no heap flags; run it as `npm run bench` to give the service the heap `npm start` gives it');
const configFor = (databaseUrl: string) => loadConfig({
  NODE_ENV: 'test', AUTH_JWT_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1', DATA_DIR: os.tmpdir(), DATABASE_URL: databaseUrl,
  RAISE_LIMIT_PER_10_MIN: '1000',
  // No offer expires during the run: re-offers of earlier alerts would add events to later phases.
  OFFER_TTL_SECONDS: '3600',
});
const config = configFor(url);
/** The raid point opens the console in Chromium: the server must serve the web app, built before it starts. */
const WITH_RAID = !HISTORY && (ONLY === undefined || ONLY === 'raid');
const benchWeb = WITH_RAID && process.env.BENCH_RAID_CONSOLE !== '0' && (await buildBenchWeb(log));
if (benchWeb) config.webDist = BENCH_WEB_DIST;
const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
eld.enable();
/** Garbage-collection pauses of the server process since the last `gcPauses.take()`: the longest, and in all. */
const stalls = watchStalls(process.env.BENCH_STALLS === '1');
const gcPauses = (() => {
  let max = 0;
  let total = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      max = Math.max(max, e.duration);
      total += e.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  return { take: () => { const out = { max, total }; max = 0; total = 0; return out; } };
})();
/** The service on one database, in this process, with its two load generators. */
interface Service {
  server: RunningServer;
  db: ReturnType<typeof openPg>;
  timing: ReturnType<typeof instrumentDb>;
  sender: LoadGen;
  subs: LoadGen;
  b: Bench;
}

async function startService(databaseUrl: string, benchPool: Queryable, serviceConfig: Config): Promise<Service> {
  const db = openPg({ connectionString: databaseUrl, max: POOL_MAX });
  const timing = instrumentDb(db);
  const server = await startServer(timing.db, serviceConfig, { incidentDetection: DETECTION });
  const sender = await LoadGen.start({ base, url: server.url, secret: SECRET });
  const subs = await LoadGen.start({ base, url: server.url, secret: SECRET });
  const b: Bench = {
    server, sender, subs, pool: benchPool, now, eld, machineCpu: machineCpu(), log,
    databaseCpuSeconds: await clusterCpu(benchPool),
    secretToken: (advisorId) => signToken({ role: 'ADVISOR', sub: `bench-adv-${advisorId}`, advisorId }, serviceConfig.jwt),
  };
  log(`service at ${server.url} (${new URL(databaseUrl).pathname.slice(1)}); load generators pid ${sender.pid}, ${subs.pid}`);
  return { server, db, timing, sender, subs, b };
}

async function stopService(s: Service): Promise<void> {
  s.sender.stop();
  s.subs.stop();
  await s.server.close();
  await s.db.close();
}

const main = await startService(url, pool, config);
const { server, timing, sender, subs, b } = main;
/** `--history`: a second service, on the copy that takes the history (svc-history-run.ts). */
const historyPool = historyUrl ? openPg({ connectionString: historyUrl, max: 4 }) : null;
const historyService = historyUrl && historyPool ? await startService(historyUrl, historyPool, configFor(historyUrl)) : null;
const prof = await profiler(process.env.BENCH_PROFILE);

/** Runs one measured phase with the statement timing (and, if asked, a CPU profile) of the server process. */
let phaseStart = 0;
async function phase<T>(name: string, fn: () => Promise<T>, on: Service = main): Promise<{ out: T; timing: StatementStat[]; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = now();
  phaseStart = performance.now();
  await prof.start();
  on.timing.start();
  const out = await fn();
  const stats = on.timing.stop();
  const lines = await prof.stop(name);
  if (lines.length) log(`profile ${name} (server process, self time):\n  ${lines.join('\n  ')}`);
  const cpu = process.cpuUsage(cpu0);
  return { out, timing: stats, cpu: (cpu.user + cpu.system) / 1e6 / ((now() - t0) / 1000) };
}

/** One latency point: `n` losangeles control rooms subscribed while alerts are raised there at `rate` a second. */
async function loadPoint(rate: number, n: number, label: string, on: Service = main) {
  await openSubscribers(on.b, new Array<string>(n).fill('losangeles'), `op-${label}`);
  gcPauses.take();
  const r = await phase(label, () => runLoad(on.b, { label, rate, durationS: POINT_SECONDS, points: laPoints, subsOf: new Map([['losangeles', n]]) }), on);
  const gc = gcPauses.take();
  await closeSubscribers(on.b);
  return { r, gc };
}

const ingestPhase = () => runIngest(b, {
  url, secret: SECRET, base, poolMax: POOL_MAX, concurrency: CONCURRENCY, durationS: INGEST_SECONDS, senders: INGEST_SENDERS, advisors, phase,
  rate: INGEST_RATE, openAdvisors: INGEST_ADVISORS,
});

/** Everything after the latency points: throughput against the floor, ingest, 10,000 subscribers, the report. */
async function restOfTheRun(points: LoadResult[], pointTiming: StatementStat[][]): Promise<void> {
  log(`throughput: service, closed loop, ${CONCURRENCY} clients`);
  b.machineCpu();
  const sat = await phase('saturation', () => sender.call<{ results: RaiseResult[]; elapsedMs: number }>('raiseClosedLoop', { concurrency: CONCURRENCY, durationS: POINT_SECONDS, maxCount: 20_000, points: wPoints, personPrefix: 'sat' }));
  const satMachine = b.machineCpu();
  const satOk = sat.out.results.filter((r) => r.id);
  log('throughput: floor (raiseAlert on the pool, nothing above it), same concurrency and pool size');
  const floor = await runFloorRaises(url, POOL_MAX, config.dispatch, CONCURRENCY, POINT_SECONDS, wPoints, now);
  const floorMachine = b.machineCpu();
  const knn = await compareCandidateQueries(pool, wPoints, 200, async (p) => (await routePoint(pool, { ...p, accuracyM: null })).consulate_id);
  log(`service ${(satOk.length / (sat.out.elapsedMs / 1000)).toFixed(1)}/s, floor ${(floor.count / (floor.elapsedMs / 1000)).toFixed(1)}/s; ` +
    `candidate query p50 ${knn.shipped.p50.toFixed(1)} vs the svc-knn variant ${knn.indexed.p50.toFixed(1)} ms`);
  if (ONLY === 'throughput') {
    console.log(['', 'Statements of the closed-loop service run:', ...timingTable(sat.timing, satOk.length), ''].join('\n'));
    log(`not written to ${DOC}: a partial run (server log: ${logFile})`);
    return;
  }

  log('advisor location ingest');
  const ingest = await ingestPhase();

  log(`${N_SUBSCRIBERS} subscribers over ${places.length} consulates`);
  const rss0 = process.memoryUsage().rss;
  const ids = Array.from({ length: N_SUBSCRIBERS }, (_, i) => places[i % places.length]!.id);
  const opened = await openSubscribers(b, ids, 'op-10k');
  const rss1 = process.memoryUsage().rss;
  eld.reset();
  await sleep(5_000);
  const idleEld = eldStats(eld);
  const subsOf = new Map<string, number>();
  for (const id of ids.slice(0, opened.opened)) subsOf.set(id, (subsOf.get(id) ?? 0) + 1);
  // Half what the service sustained closed loop (at most 20/s): the database below saturation, so the
  // phase measures the fan-out, not the raise path.
  const bigRate = Math.max(2, Math.min(20, Math.floor(satOk.length / (sat.out.elapsedMs / 1000) / 2)));
  const big = (await phase('10k', () => runLoad(b, { label: '10k', rate: bigRate, durationS: POINT_SECONDS, points: wPoints, subsOf }))).out;
  const loadgenRss = await subs.call<number>('memory');
  await closeSubscribers(b);
  log(`10k: opened ${opened.opened} in ${(opened.ms / 1000).toFixed(1)} s; idle eld p99 ${idleEld.p99.toFixed(1)} ms; ` +
    `under load eld p99 ${big.eldP99.toFixed(1)} ms, ${big.framesPerS.toFixed(0)} frames/s, copies ${big.delivered}/${big.expected}`);

  const report: Report = {
    ...ingest,
    startedAt, durationS: now() / 1000, ver, loadBefore, loadAfter: os.loadavg(), setupTimes, poolMax: POOL_MAX, heapFlags: HEAP_FLAGS, concurrency: CONCURRENCY,
    pointSeconds: POINT_SECONDS, points,
    service: {
      ok: satOk.length, errors: sat.out.results.length - satOk.length, elapsedMs: sat.out.elapsedMs,
      lat: summarize(satOk.map((r) => r.doneAt - r.sentAt)), serverCpu: sat.cpu, machineCpu: satMachine,
    },
    floor: { ok: floor.count, errors: floor.errors, elapsedMs: floor.elapsedMs, lat: summarize(floor.latencies), machineCpu: floorMachine },
    knn, satTiming: sat.timing, pointTiming, failures: [...timing.failures.entries()],
    big: { requested: N_SUBSCRIBERS, opened: opened.opened, failed: opened.failed, connectMs: opened.ms, rss0, rss1, loadgenRss, idleEld, load: big },
    logCounts,
  };
  writeSection(DOC, 'service', renderReport(report));
  log(`wrote ${DOC} (server log: ${logFile}, ${logCounts.warn} warn, ${logCounts.error} error lines)`);
}

try {
  if (ONLY === 'locations') {
    log('advisor location ingest only (BENCH_ONLY=locations)');
    const r = await ingestPhase();
    console.log(['', ...ingestSection(r, timingTable), '', ...ingestTargetRows(r), '', ingestLimit(r), ''].join('\n'));
    const json = `${os.tmpdir()}/alerta-bench-ingest.json`;
    writeFileSync(json, JSON.stringify(r, null, 1));
    log(`not written to ${DOC}: a partial run (measurements in ${json}, server log: ${logFile})`);
  } else {
    // Warm-up (JIT, pools, plans): not reported.
    await openSubscribers(b, ['losangeles'], 'warm');
    await runLoad(b, { label: 'warm', rate: 20, durationS: 3, points: laPoints, subsOf: new Map([['losangeles', 1]]) });
    await closeSubscribers(b);

    const points: LoadResult[] = [];
    const pointTiming: StatementStat[][] = [];
    for (const [rate, n, run] of ONLY === 'throughput' || ONLY === 'raid' || HISTORY ? [] : POINTS) {
      const label = `${rate}x${n}${run ? `-run${run}` : ''}`;
      const { r, gc } = await loadPoint(rate, n, label);
      points.push({ ...r.out, run, gcMaxMs: gc.max });
      pointTiming.push(r.timing);
      log(`${label}: p50/p95/p99 ${r.out.event.p50.toFixed(1)}/${r.out.event.p95.toFixed(1)}/${r.out.event.p99.toFixed(1)} ms ` +
        `(raise answer ${r.out.raise.p50.toFixed(1)}/${r.out.raise.p99.toFixed(1)}), ` +
        `${r.out.achieved.toFixed(1)} alerts/s, copies ${r.out.delivered}/${r.out.expected}, eld p99 ${r.out.eldP99.toFixed(1)} max ${r.out.eldMax.toFixed(0)} ms, gc max ${gc.max.toFixed(0)} ms (${gc.total.toFixed(0)} in all), cpu server ${(r.out.serverCpu * 100).toFixed(0)}% loadgen ${(r.out.loadgenCpu * 100).toFixed(0)}% machine ${(r.out.machineCpu * 100).toFixed(0)}% (steal ${(r.out.machineSteal * 100).toFixed(0)}%)`);
      if (ONLY === 'latency') log(`${label}, slowest transactions:\n${[...slowestLines(timing.slowest(5), phaseStart), ...stalls.take()].join('\n')}`);
      await sleep(1_000);
    }
    if (WITH_RAID) {
      const [raidRate = 100, raidSubs = 50] = (process.env.BENCH_RAID_POINT ?? '100x50').split('x').map(Number);
      const raid = await runRaidPoint(b, {
        url: server.url, secret: SECRET, base, jwt: config.jwt, office: la, background: laPoints, rate: raidRate, subscribers: raidSubs,
        durationS: POINT_SECONDS, size: Math.max(3, Number(process.env.BENCH_RAID_SIZE ?? 300)), web: benchWeb, phase,
        detection: DETECTION,
      });
      writeSection(DOC, 'raid', renderRaid(raid, { startedAt, loadBefore, command: `${ONLY ? 'BENCH_ONLY=raid ' : ''}npm run bench` }));
      log(`raid: event p99 ${raid.baseline.event.p99.toFixed(1)} → ${raid.withRaid.event.p99.toFixed(1)} ms, raise p99 ${raid.baseline.raise.p99.toFixed(1)} → ` +
        `${raid.withRaid.raise.p99.toFixed(1)} ms, 3rd alert → DETECTED ${raid.detectFromSend?.toFixed(0) ?? '—'} ms, frames p99 ` +
        `${raid.rendered?.framesBaseline.p99.toFixed(1) ?? '—'} → ${raid.rendered?.framesRaid.p99.toFixed(1) ?? '—'} ms, CPU per alert with the raid: server ` +
        `${cpuPerAlertMs(raid.withRaid, 'serverCpu', raid.raidOk).toFixed(2)} ms, database ` +
        `${cpuPerAlertMs(raid.withRaid, 'databaseCpu', raid.raidOk).toFixed(2)} ms; wrote the raid section of ${DOC}`);
    }
    if (HISTORY) {
      const side = (s: Service, sidePool: Queryable): HistorySide => ({
        pool: sidePool, serverUrl: s.server.url, hubSeq: () => s.server.hub.deliveredSeq,
        loadPoint: async (rate, n, label) => (await loadPoint(rate, n, label, s)).r.out,
      });
      await runHistoryBench({
        history: HISTORY, log, doc: DOC, empty: side(main, pool), full: side(historyService!, historyPool!),
        point: (process.env.BENCH_HISTORY_POINT ?? '100x50').split('x').map(Number) as [number, number],
        repeat: Math.max(1, Number(process.env.BENCH_HISTORY_REPEAT ?? 5)),
        tokens: {
          operator: await signToken({ role: 'OPERATOR', sub: 'bench-op-la', consulateId: 'losangeles' }, config.jwt),
          supervisor: await signToken({ role: 'SUPERVISOR', sub: 'bench-sup' }, config.jwt),
        },
      });
    } else if (ONLY === 'raid') {
      // Only the raid point: its own section is written, the rest of the document is left alone.
    } else if (ONLY === 'latency') {
      console.log(['', `Statements of the ${POINTS.at(-1)!.slice(0, 2).join(' × ')} point:`, ...timingTable(pointTiming.at(-1)!, points.at(-1)!.ok), ''].join('\n'));
      log(`not written to ${DOC}: a partial run (server log: ${logFile})`);
    }
    else await restOfTheRun(points, pointTiming);
  }

} finally {
  eld.disable();
  await stopService(main);
  if (historyService) await stopService(historyService);
  await pool.close();
  await historyPool?.close();
  logStream.end();
  if (process.env.BENCH_KEEP_DB !== '1') {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    for (const name of [BENCH_DB, ...(historyUrl ? [HISTORY_DB] : [])]) {
      await admin.query(`drop database if exists ${name} with (force)`).catch((e: Error) => log(`could not drop ${name}: ${e.message}`));
    }
    await admin.end();
  }
}
