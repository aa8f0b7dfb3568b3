/**
 * "What limits these numbers", written from the run's own measurements. The mechanisms named here are
 * facts of the code (file and function given); the numbers quantify them in this run.
 */
import { fmt } from './svc-common.js';
import type { Report } from './svc-report.js';
import type { StatementStat } from './svc-timing.js';

const mean = (t: StatementStat[], key: string) => t.find((x) => x.key === key)?.meanMs ?? NaN;
const perS = (t: { ok: number; elapsedMs: number }) => t.ok / (t.elapsedMs / 1000);
const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(0)}%`);

export function limitsText(r: Report): string[] {
  const t = r.satTiming;
  const held = mean(t, '(event-writer lock held, grant to commit)');
  const cand = mean(t, 'findCandidates (KNN)');
  const wait = mean(t, 'advisory lock (wait + grant)');
  const service = perS(r.service);
  // Points the service kept up with: every raise answered, at (nearly) the offered rate.
  const below = r.points.filter((p) => p.ok === p.sent && p.achieved >= 0.95 * p.rate);
  const lead = r.points.map((p) => `${p.rate} × ${p.subscribers}: ${fmt(p.event.p50 - p.raise.p50, 0)} ms`).join(', ');
  const maxServerCpu = Math.max(...r.points.map((p) => p.serverCpu));
  const maxLag = Math.max(...r.points.map((p) => p.eldP99));
  const big = r.big.load;
  const usPerFrame = (big.serverCpu / big.framesPerS) * 1e6;
  const timeouts = r.failures.filter(([m]) => /timeout/i.test(m)).reduce((a, [, n]) => a + n, 0);
  return [
    '### What limits these numbers',
    '',
    '- **Raises are serialised on the event writers\' advisory lock, and the lock is held across the candidate search.** ' +
      '`raiseAlert` (`api/src/services/raiseAlert.ts`) records the RAISED event — `appendEvents` takes `pg_advisory_xact_lock(7261002)`, ' +
      'transaction-scoped, so held until commit — *before* `offerNext` runs `findCandidates`, `createOffer`, the status update and the ' +
      'second `appendEvents`. Everything after the first event insert is therefore inside the one critical section that every event ' +
      'writer in every API process shares (docs/DESIGN.md says to take the lock last; this path takes it in the middle). In the ' +
      `closed-loop run the lock was held **${fmt(held)} ms** per raise on average, ${fmt(cand)} ms of it in the candidate query, so ` +
      `raises cannot exceed about 1000 / ${fmt(held)} ≈ **${fmt(1000 / held)} alerts/s**; the service sustained ${fmt(service)}. ` +
      '`expireOffer` and `declineOffer` (`api/src/services/offers.ts`) have the same shape (an event, then `offerNext`). ' +
      'Fix, not applied here: collect the transaction\'s events and append them once, at the end (one lock, one insert, one notify), ' +
      'as the floor does.',
    `- **Waiting for that lock holds pool connections.** A raise waits in \`pg_advisory_xact_lock\` (mean ${fmt(wait)} ms per call in the ` +
      `closed-loop run) with one of the pool's ${r.poolMax} connections checked out, so the rest of the process queues for a connection: ` +
      'the idempotency and person reads before the transaction, `alertById` after it, and the event hub\'s own read of new events ' +
      '(the hub shares the request pool). Above the ceiling the queue grows without bound; a request that waits more than ' +
      `\`connectionTimeoutMillis\` (5 s, \`api/src/db/pg.ts\`) fails as INTERNAL_SERVER_ERROR (${timeouts} connection timeouts in this run), ` +
      'and copies reach the control room seconds late because the hub waits in the same queue. Every open-loop point above the ' +
      'ceiling shows this: seconds of latency and failed raises, not slow delivery.',
    '- **The candidate query does not use the GiST index order.** `findCandidates` (`api/src/sql/candidates.ts`) puts the point in a ' +
      'CTE `p` and orders by `a.location <-> p.g`; an ORDER BY on another relation\'s column is not an index order, so branch 1 reads ' +
      `every dispatchable advisor of the consulate (about ${Math.round(r.ver.advisors / 53).toLocaleString('en-US')} here, via \`advisors_consulate_idx\`) ` +
      'and branch 2 every one within 30 km (bitmap scan of the GiST index), computes each one\'s spheroidal distance and sorts. ' +
      'Written with the point as a parameter expression in both ORDER BYs, and branch 2 as "nearest 64, then cut at the radius" ' +
      `(\`api/bench/svc-knn.ts\`), both branches are KNN index scans that stop after 64 rows: ${fmt(r.knn.shipped.p50 / r.knn.indexed.p50)}× faster at p50 ` +
      `with the same advisors in the same order at ${r.knn.same} of ${r.knn.n} points, and the floor rises from ${fmt(perS(r.floor))} to ` +
      `${fmt(perS(r.floorKnn))} alerts/s. The shipped query's cost grows with the number of available advisors per consulate.`,
    `- **Event delivery is not what limits the latency points.** The server process used at most ${pct(maxServerCpu)} of one core in them ` +
      `(event-loop lag p99 at most ${fmt(maxLag)} ms). Events are read right after commit, so a copy's latency is the raise's own time ` +
      `in the service plus delivery; copy p50 minus raise-answer p50 was ${lead} (negative: the copy reached the control room before ` +
      'the person\'s phone had its answer, which still waits for a pool connection to read the alert back).' +
      (below.length ? ` The service kept up with ${below.map((p) => `${p.rate} × ${p.subscribers}`).join(', ')} (every raise answered at the offered rate).`
        : ' No point was below the ceiling in this run: at every one the raises queued.'),
    `- **Location ingest** runs three statements per report (\`reportAdvisorLocation\` in \`api/src/graphql/resolvers/roster.ts\`: ` +
      '`advisorById` to check the advisor is active, the UPDATE, `advisorById` again for the answer), plus token verification and ' +
      `GraphQL parse/validate/execute per HTTP request (server process ${pct(r.ingest.serverCpu)} of a core during the run). The UPDATE alone ` +
      `(the floor) reached ${fmt(perS(r.ingestFloor), 0)}/s: it changes \`location\`, \`location_at\` and \`changed_at\`, all indexed, so ` +
      'every update is a non-HOT update that writes a new entry into each of the five indexes of `advisors`. ' +
      (perS(r.ingestFloor) < 10_000 ? '10,000/s is beyond even the floor on this machine; approaching' : 'Approaching') +
      ' it needs reports batched into one `UPDATE … FROM unnest(…)` per short interval, the active check folded into the UPDATE ' +
      'with `RETURNING` for the answer, and PostgreSQL on cores of its own.',
    `- **${r.big.requested.toLocaleString('en-US')} subscribers**: holding them costs memory (RSS +${((r.big.rss1 - r.big.rss0) / 2 ** 20).toFixed(0)} MB) and ` +
      `while idle the loop lag p99 was ${fmt(r.big.idleEld.p99)} ms${r.big.idleEld.p99 > 5 ? ' (keep-alive pings for every socket, and CPU contention)' : ''}. Under load each event is executed once (shared execution, ` +
      '`api/src/realtime/sharedExecution.ts`) but serialised and written once per subscriber (graphql-ws stringifies each `next` ' +
      'message per socket; one WebSocket frame and write per socket), and the hub hands each batch of events to every listener in one ' +
      `go, so a batch of k events for s subscribers occupies the loop for about k·s frames. Here about ${fmt(usPerFrame, 0)} µs of server CPU ` +
      `per frame delivered (${pct(big.serverCpu)} of a core for ${fmt(big.framesPerS, 0)} frames/s, raises included).`,
    `- **The machine**: 2 logical CPUs shared by PostgreSQL, the service, the two load generators and whatever else ran (load average ` +
      `${r.loadBefore[0]!.toFixed(1)} before, ${r.loadAfter[0]!.toFixed(1)} after; machine CPU near 100% in most phases). Event-loop lag includes ` +
      'time the process waited for a CPU, and every absolute number here is a ceiling of this machine, not of the design; the ' +
      'ratios (service ÷ floor, shipped ÷ index-ordered query) were measured in the same run and carry over better.',
  ];
}
