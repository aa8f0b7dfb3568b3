/**
 * "What limits these numbers", written from the run's own measurements. The mechanisms named here are
 * facts of the code (file and function given); the numbers quantify them in this run.
 */
import { fmt } from './svc-common.js';
import type { Report } from './svc-report.js';
import { APPEND, INSERT_NEW_ALERT, meanOf, type StatementStat } from './svc-timing.js';
import { keptUp, meanBatch, perS as rate, type IngestReport } from './svc-ingest.js';

const mean = (t: StatementStat[], key: string) => t.find((x) => x.key === key)?.meanMs ?? NaN;
const perS = (t: { ok: number; elapsedMs: number }) => t.ok / (t.elapsedMs / 1000);
/** A change in MB with its sign (a collection during the phase can make it negative). */
const signedMb = (bytes: number) => `${bytes < 0 ? '−' : '+'}${Math.abs(bytes / 2 ** 20).toFixed(0)} MB`;
const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(0)}%`);

export function limitsText(r: Report): string[] {
  const t = r.satTiming;
  const cand = meanOf(t, INSERT_NEW_ALERT);
  const append = meanOf(t, APPEND);
  const wholeTx = mean(t, '(whole transaction, incl. waiting for a connection)');
  const service = perS(r.service);
  // Points the service kept up with: every raise answered, at (nearly) the offered rate.
  const below = r.points.filter((p) => p.ok === p.sent && p.achieved >= 0.95 * p.rate);
  const lead = r.points.map((p) => `${p.rate} × ${p.subscribers}: ${fmt(p.event.p50 - p.raise.p50, 0)} ms`).join(', ');
  const maxServerCpu = Math.max(...r.points.map((p) => p.serverCpu));
  const maxLag = Math.max(...r.points.map((p) => p.eldP99));
  const big = r.big.load;
  const usPerFrame = (big.serverCpu / big.framesPerS) * 1e6;
  const timeouts = r.failures.filter(([m]) => /timeout/i.test(m)).reduce((a, [, n]) => a + n, 0);
  const anyNegative = r.points.some((p) => p.event.p50 - p.raise.p50 < 0);
  // The heaviest point: where a tail shows first.
  const top = [...r.points].sort((a, b) => b.rate * b.subscribers - a.rate * a.subscribers)[0]!;
  return [
    '### What limits these numbers',
    '',
    '- **Event writers are serialised on one advisory lock, taken last.** A dispatch transaction buffers the events it records and ' +
      'appends them together at its very end (`dispatchTx` / `inDispatchTx` in `api/src/services/dispatchTx.ts` → `appendEventsLast` in ' +
      '`api/src/sql/events.ts`): one message carries a statement that takes `pg_advisory_xact_lock(7261002)` (transaction-scoped), inserts ' +
      'the events and `pg_notify`s, and the COMMIT, so the lock is held only while the database runs those, never across the candidate ' +
      'search and never while this process gets round to reading an answer. It is shared by every event writer in every API process, so ' +
      `that sequence order is commit order. In the closed-loop run that message took ${fmt(append)} ms per raise on average, waiting for ` +
      `the lock included; the service sustained ${fmt(service)} alerts/s. Before commit 0c45a10 the lock, the insert and the notify were ` +
      'three statements and COMMIT a fourth round trip: the lock was held across all four, each waiting for the Node process to be ' +
      'scheduled (4.0 ms per raise after the append alone in the run of that commit, a ceiling of about 250 raises/s).',
    `- **Requests queue for pool connections.** A raise holds one of the pool's ${r.poolMax} connections for its whole transaction ` +
      `(two round trips inside a district: BEGIN, the read of the key, the person and the containing district, and the insert with the candidate ` +
      `query in one message; one message with the offer, the answer's read, the append and the COMMIT, the wait for the writer lock inside it ` +
      `included: ${fmt(append)} ms mean), so in bursts the others queue: ` +
      `in the closed-loop run a raise's transaction took ${fmt(wholeTx)} ms on average from asking for a connection to the end of its commit. ` +
      'Round trips inside a transaction are slower in the service than in the floor because the same Node process also parses requests, ' +
      'executes GraphQL and fans events out between them. The event hub reads on a connection of its own (`Db.separate`, ' +
      '`api/src/realtime/hub.ts`), so delivery does not wait in that queue (before commit 1c4375d it did: 115 ms per hub read on average in ' +
      'that closed-loop run). Above the ceiling the queue grows without bound; a request that waits more than ' +
      `\`connectionTimeoutMillis\` (5 s, \`api/src/db/pg.ts\`) fails as INTERNAL_SERVER_ERROR (${timeouts} connection timeouts in this run).` +
      (below.length < r.points.length
        ? ' Every open-loop point above the ceiling shows this: seconds of latency and failed raises, not slow delivery.'
        : ` No open-loop point of this run was above the ceiling, but the queue forms in bursts below it: at ${top.rate} × ${top.subscribers} ` +
          `the raise's own answer had p50 ${fmt(top.raise.p50)} ms and p99 ${fmt(top.raise.p99)} ms, and the copies followed it ` +
          `(p99 ${fmt(top.event.p99)} ms): the tail is the raise waiting in the service (for a pool connection and the writer lock, ` +
          'on a machine whose CPUs it shares), not delivery. A pool of 20 instead of 10 did not help (100 × 50: p99 365 ms against 288 ms ' +
          'in alternating runs on 2026-12-01): the database has two cores, and more connections only move the queue into it. ' +
          'Three causes of that tail were found and removed on 2026-12-01 (evening): new backends started during the first second of a ' +
          'burst (up to 300 ms per raise there; the pool is now opened and warmed before the first request, `Db.warm`); planning and ' +
          'view rewriting were half of the database\'s time per raise (0.8 ms per hub read; the hot statements are now prepared once per ' +
          'connection); and each copy waited for the hub\'s read after the commit (the raise now hands its events to its own hub, ' +
          '`EventHub.deliverCommitted`). Five more on 2026-12-01 (night): the hub\'s cached plan joined every open offer on each read ' +
          '(3 ms, 2,000 buffers a read; each event\'s alert is now a keyed subquery, and the hub\'s connection keeps generic plans); a ' +
          'connection\'s first raise still loaded the catalogue for the writes (the first second at a higher rate had transactions of 100 ms ' +
          'and more; the warm-up now runs the writes too, rolled back); BEGIN was a round trip of its own (it now goes with the first read); ' +
          'the candidate query ran the home consulate\'s KNN scan even when the nearest of all were home; and the alert read at commit was ' +
          'planned at every commit (now a function whose plan each connection keeps). Per raise the database spends about a third less ' +
          '(pg_stat_statements at 100 alerts/s: about 3.1 ms against 4.9 ms). Two more on 2026-12-01 (late night): a raise inside a ' +
          'district is now two round trips (BEGIN, the first read and the insert in one message, `raiseContextAndInsert`), and the ' +
          'tail left after all that clustered around the collections of the old generation (see “Garbage collection of the old generation” below). What remains varies from run ' +
          'to run with what else the machine runs, hence the repeated runs above.'),
    '- **The candidate query is an index-ordered KNN.** `candidatesSql` (`api/src/sql/candidates.ts`) writes the point as a ' +
      'parameter expression in each ORDER BY, so each scan walks the partial GiST index `advisors_dispatchable_gist` in distance ' +
      'order and stops after 64 rows (the nearest of any consulate, read once; the home consulate\'s own scan only when those are not ' +
      `all home): alone p50 ${fmt(r.knn.shipped.p50, 2)} ms (p99 ${fmt(r.knn.shipped.p99, 2)}) with ` +
      `${r.ver.advisors.toLocaleString('en-US')} advisors. A raise runs it inside its insert statement (\`raiseContextAndInsert\`: ` +
      `${fmt(cand)} ms per raise for that first message under the closed-loop load), outside the event-writer lock; an alert offered ` +
      'again (decline, expiry, withdrawal) runs it alone (`findCandidates`).',
    `- **Event delivery is not what limits the latency points.** The server process used at most ${pct(maxServerCpu)} of one core in them ` +
      `(event-loop lag p99 at most ${fmt(maxLag)} ms). A raise hands its committed events to its own process's hub before it answers ` +
      '(`deliverCommitted`; events of other processes are read after their notification), so a copy\'s latency is the raise\'s own time ' +
      `in the service plus delivery; copy p50 minus raise-answer p50 was ${lead}` +
      (anyNegative ? ' (negative: the copy reached the control room before the person\'s phone had its answer).' : '.') +
      (below.length ? ` The service kept up with ${below.map((p) => `${p.rate} × ${p.subscribers}`).join(', ')} (every raise answered at the offered rate).`
        : ' No point was below the ceiling in this run: at every one the raises queued.'),
    ingestLimit(r),
    `- **${r.big.requested.toLocaleString('en-US')} subscribers**: holding them costs memory (RSS ${signedMb(r.big.rss1 - r.big.rss0)} while connecting them) and ` +
      `while idle the loop lag p99 was ${fmt(r.big.idleEld.p99)} ms${r.big.idleEld.p99 > 5 ? ' (keep-alive pings for every socket, and CPU contention)' : ''}. Under load each event is executed and serialised once per ` +
      'distinct subscription (`api/src/realtime/sharedExecution.ts`; `api/src/http/wsAdapter.ts` splices the same payload bytes into ' +
      'each subscriber\'s frame), so what remains per subscriber is one WebSocket frame and one socket write; the hub hands each batch of events to every listener in one ' +
      `go, so a batch of k events for s subscribers occupies the loop for about k·s frames. Here about ${fmt(usPerFrame, 0)} µs of server CPU ` +
      `per frame delivered (${pct(big.serverCpu)} of a core for ${fmt(big.framesPerS, 0)} frames/s, raises included).`,
    '- **Garbage collection of the old generation.** The service promotes a few MB/s of short-lived objects at 100 × 50; with ' +
      'V8\'s default sizing its old generation was collected every few seconds, each time standing the event loop still for ' +
      '10–20 ms while concurrent marking took CPU from PostgreSQL, and the slowest raises clustered around those collections ' +
      '(`BENCH_STALLS=1`). `npm start` (and so `npm run bench`) gives the old generation 256 MB before its first collection ' +
      '(`--initial-old-space-size=256`, docs/DESIGN.md): in alternating runs on 2026-12-01, p99 18.4–20.8 ms with it against ' +
      `27.5–36.8 ms (up to 47.6) without. This run: ${r.heapFlags.length ? r.heapFlags.join(' ') : 'no heap flags (not run by `npm run bench`)'}; ` +
      `longest GC pause per latency point in the table above (at most ${Math.max(...r.points.map((p) => p.gcMaxMs ?? 0)).toFixed(0)} ms).`,
    `- **The machine**: 2 logical CPUs shared by PostgreSQL, the service, the two load generators and whatever else ran (load average ` +
      `${r.loadBefore[0]!.toFixed(1)} before, ${r.loadAfter[0]!.toFixed(1)} after; machine CPU near 100% in most phases). Event-loop lag includes ` +
      'time the process waited for a CPU, and every absolute number here is a ceiling of this machine, not of the design; the ' +
      'ratios (service ÷ floor) were measured in the same run and carry over better.',
  ];
}

/** The location-ingest bullet (also printed alone by a `BENCH_ONLY=locations` run). */
export function ingestLimit(r: IngestReport): string {
  const http = rate(r.ingest);
  const ws = rate(r.ingestWs);
  const floor = rate(r.ingestFloor);
  const batched = rate(r.ingestBatched);
  const o = r.ingestOpen;
  const cpuPerReportUs = (t: { serverCpu?: number }, perSecond: number) => ((t.serverCpu ?? NaN) * 1e6) / perSecond;
  return `- **Location ingest** is written by group commit (\`LocationWriter\`, \`api/src/services/locationWriter.ts\`): reports that arrive ` +
    'while a write is in flight go together in the next one, a single `UPDATE … FROM unnest(…) … RETURNING` (`setAdvisorLocations`, ' +
    '`api/src/sql/roster.ts`) with the active check inside the UPDATE and the answer taken from `RETURNING`; each mutation answers once ' +
    `its batch has committed (${fmt(meanBatch(r, 'open'))} reports per statement in the open-loop run). With the database side that cheap, what is ` +
    `left is the API process's CPU per report: about ${fmt(cpuPerReportUs(r.ingest, http), 0)} µs over HTTP (a request, token verification, Apollo's ` +
    `pipeline) and ${fmt(cpuPerReportUs(r.ingestWs, ws), 0)} µs over a graphql-ws socket that is already authenticated, whose documents are parsed and ` +
    'validated once per text (`api/src/http/wsServer.ts`) and whose frames of one turn leave in one write (`coalesceWrites`, `api/src/http/wsAdapter.ts`); ' +
    `so over HTTP one process reaches ${fmt(http, 0)}/s and over graphql-ws ${fmt(ws, 0)}/s closed loop (server process ${pct(r.ingest.serverCpu)} and ` +
    `${pct(r.ingestWs.serverCpu)} of a core). Open loop at ${o.rate}/s the server process used ${pct(o.serverCpu)} of a core and the machine ${pct(o.machineCpu)}: ` +
    (keptUp(r)
      ? `it kept up (p99 ${fmt(o.lat.p99)} ms, max ${fmt(o.lat.max)} ms), close to the ceiling of one event loop. `
      : `it did not keep up (${o.ok}/${o.sent} answered, max ${fmt(o.lat.max)} ms). `) +
    `The writer without the API reached ${fmt(batched, 0)}/s, ${fmt(batched / floor)}× the single-row UPDATE (${fmt(floor, 0)}/s); batched or not, each ` +
    'update of `location`, `location_at` and `changed_at` (all indexed) is a non-HOT update with a new entry in each of the five indexes of `advisors`. ' +
    'Beyond one event loop: several API processes (one writer each; their batches meet in PostgreSQL) and PostgreSQL on cores of its own. ' +
    'A second batch in flight from the same process did not help here (see `LocationWriter`).';
}
