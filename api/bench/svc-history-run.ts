/**
 * The `--history` run of the service benchmark: the 100 × 50 latency point, the console's open-alerts load
 * and a replay from a cursor, on two services of this process at once: one on the empty database, one on a copy
 * of it that takes a year of history. Once the history is in, the two sides' runs alternate (empty then history,
 * history then empty, …), so that what the shared machine does over the minutes of a run falls on both sides
 * alike; measured one side after the other, a quarter of an hour apart, the ratios followed the machine (an empty
 * side's p99 read 62–271 ms from run to run). Written to docs/BENCHMARKS.md between
 * `<!-- bench:history:start/end -->` as ratios history / empty.
 */
import os from 'node:os';
import type { Queryable } from '../src/db/types.js';
import { writeSection } from './svc-common.js';
import { REPLAYS, loadHistory, measureReads, type HistoryOption, type ReadTimes } from './svc-history.js';
import type { LoadResult } from './svc-phases.js';

/** One service and its database. */
export interface HistorySide {
  /** The benchmark's own connections to this side's database. */
  pool: Queryable;
  serverUrl: string;
  /** The highest seq this side's event hub has read (server.hub.deliveredSeq). */
  hubSeq: () => number;
  loadPoint: (rate: number, subscribers: number, label: string) => Promise<LoadResult>;
}

interface Side {
  /** The run whose raise p99 is the median of the side's runs (its copies and rate are reported). */
  point: LoadResult;
  /** Every run of the point on this side, in order: one run's tail varies several-fold on a shared machine. */
  runs: LoadResult[];
  reads: ReadTimes;
  events: number;
  alerts: number;
}

export interface HistoryBench {
  history: HistoryOption;
  empty: HistorySide;
  /** The side that takes the history. */
  full: HistorySide;
  log: (s: string) => void;
  doc: string;
  /** alerts/s × subscribers of the measured point (the issue's is 100 × 50; BENCH_HISTORY_POINT=20x50 on a loaded machine). */
  point: [rate: number, subscribers: number];
  /** Runs of the point per side (BENCH_HISTORY_REPEAT, default 5): medians are compared. */
  repeat: number;
  tokens: { operator: string; supervisor: string };
}

/**
 * The history is written behind the running server's back: its event hub reads every new event once, so it
 * is woken and waited for (a million events at once never happens in service; without this wait the
 * measured point found the hub still paging through the history and delivered nothing). Answers seconds.
 */
async function hubCatchUp(h: HistorySide): Promise<number> {
  const last = await one(h.pool, 'select max(seq) from alert_events');
  await h.pool.query(`select pg_notify('alert_events', $1)`, [String(last)]);
  const t0 = performance.now();
  while (h.hubSeq() < last) {
    if (performance.now() - t0 > 900_000) throw new Error(`the event hub read up to ${h.hubSeq()} of ${last} in 15 minutes`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return (performance.now() - t0) / 1000;
}

/**
 * The followers of alert_events other than the hub, detection (incident_detection_cursor) and the SMS follower
 * (sms_follow_cursor), read the history's events too: until they are through, the service spends its database
 * on a catch-up that a history accrued over a year never causes. Waited for, as the hub is, so that the history
 * side can only measure the steady state (in the first run that waited they were through before the hub).
 * Null when they were not through in 20 minutes (then the side runs anyway, and says so).
 */
async function followersCatchUp(h: HistorySide): Promise<number | null> {
  const last = await one(h.pool, 'select max(seq) from alert_events');
  const t0 = performance.now();
  const behind = () => one(h.pool, `select least((select last_seq from incident_detection_cursor), (select seq from sms_follow_cursor where id = 1))`);
  while ((await behind()) < last) {
    if (performance.now() - t0 > 1_200_000) return null;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return (performance.now() - t0) / 1000;
}

const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const medianBy = <T>(xs: T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;
const p99s = (runs: LoadResult[], k: 'raise' | 'event') => runs.map((r) => r[k].p99.toFixed(1)).join(', ');

const one = async (pool: Queryable, sql: string) => Number(Object.values((await pool.query(sql)).rows[0] as object)[0]);

const pointLabel = (h: HistoryBench, side: string, run: number | string) => `${h.point.join('x')}-${side}-${run}`;

/**
 * Both sides' runs, alternating: one unreported run on each first (the empty side otherwise came right after the
 * benchmark's short warm-up, the history side right after loading 10 million events), then `repeat` pairs, the
 * side that goes first changing from pair to pair. Then the reads, alternating too. The replay's cursor is each
 * side's last seq before its last run (the history lies behind it, as a day-old cursor's would).
 */
async function measureBoth(h: HistoryBench): Promise<{ empty: Side; full: Side; order: string[] }> {
  const sides = { empty: h.empty, history: h.full };
  const runs: Record<keyof typeof sides, LoadResult[]> = { empty: [], history: [] };
  const cursors = { empty: 0, history: 0 };
  const order: string[] = [];
  for (const name of ['empty', 'history'] as const) await sides[name].loadPoint(h.point[0], h.point[1], pointLabel(h, name, 'warm'));
  for (let i = 1; i <= h.repeat; i++) {
    for (const name of i % 2 ? (['empty', 'history'] as const) : (['history', 'empty'] as const)) {
      cursors[name] = await one(sides[name].pool, 'select coalesce(max(seq), 0) from alert_events');
      const r = await sides[name].loadPoint(h.point[0], h.point[1], pointLabel(h, name, i));
      runs[name].push(r);
      order.push(`${name === 'empty' ? 'E' : 'H'} ${r.raise.p99.toFixed(1)}`);
      h.log(`${pointLabel(h, name, i)}: raise p99 ${r.raise.p99.toFixed(1)} ms, event p99 ${r.event.p99.toFixed(1)} ms, copies ${r.delivered}/${r.expected}`);
    }
  }
  const targets = await Promise.all((['empty', 'history'] as const).map(async (name) => ({
    serverUrl: sides[name].serverUrl, cursor: cursors[name],
    expected: await one(sides[name].pool, `select count(*) from alert_events where seq > ${cursors[name]}`),
  })));
  const [emptyReads, fullReads] = await measureReads(targets, h.tokens);
  const side = async (name: keyof typeof sides, reads: ReadTimes): Promise<Side> => {
    const s = {
      point: medianBy(runs[name], (r) => r.raise.p99), runs: runs[name], reads,
      events: await one(sides[name].pool, 'select count(*) from alert_events'), alerts: await one(sides[name].pool, 'select count(*) from alerts'),
    };
    h.log(`${name}: raise p99 ${p99s(s.runs, 'raise')} ms, event p99 ${p99s(s.runs, 'event')} ms, console ${reads.consoleMs.toFixed(1)} ms ` +
      `(${reads.consoleAlerts} alerts), replay ${reads.replayMs.toFixed(0)} ms (${reads.replayEvents} events), ${s.alerts} alerts, ${s.events} events`);
    return s;
  };
  return { empty: await side('empty', emptyReads!), full: await side('history', fullReads!), order };
}

export async function runHistoryBench(h: HistoryBench): Promise<void> {
  const loadBefore = os.loadavg();
  const t0 = performance.now();
  h.log(`loading history at scale ${h.history.scale} into the copy: ${h.history.alerts} alerts, ${h.history.events} events`);
  const times = await loadHistory(h.full.pool, h.history, h.log);
  times['event hub catch-up (not measured in service)'] = Math.round(await hubCatchUp(h.full));
  h.log(`history: hub caught up in ${times['event hub catch-up (not measured in service)']} s`);
  const followers = await followersCatchUp(h.full);
  if (followers === null) h.log('history: detection and the SMS follower were not through the history in 20 minutes; measuring anyway');
  else times['detection and SMS follower catch-up after the hub\'s (not measured in service)'] = Math.round(followers);
  h.log(`history: detection and the SMS follower through the history ${followers === null ? 'not within 20 min' : `${Math.round(followers)} s after the hub`}`);
  // The benchmark's warm-up raised a few alerts on the empty side only, and none of them closes during the run:
  // closed on both sides, so that the consoles load the same open alerts (the measured runs' own, as many per side).
  for (const s of [h.empty, h.full]) await s.pool.query(`update alerts set status = 'RESOLVED', closed_at = now() where closed_at is null`);
  const { empty, full, order } = await measureBoth(h);
  const cursor = await one(h.full.pool, `select max(seq) from alert_events where at < now() - interval '1 day'`);
  const plan = (await h.full.pool.query<Record<string, string>>(`explain (costs off) select seq from alert_events where seq > ${cursor} order by seq limit 500`)).rows
    .map((r: Record<string, string>) => r['QUERY PLAN']!);
  const partitions = await one(h.full.pool, `select count(*) from pg_inherits where inhparent = 'alert_events'::regclass`);
  const row = (name: string, a: number, b: number, unit = 'ms') =>
    `| ${name} | ${a.toFixed(1)} ${unit} | ${b.toFixed(1)} ${unit} | ${Number.isFinite(b / a) ? (b / a).toFixed(2) : 'n/a'} |`;
  const med = (s: Side, k: 'raise' | 'event', q: 'p50' | 'p99') => medianOf(s.runs.map((r) => r[k][q]));
  const at = `${h.point[0]} alerts/s × ${h.point[1]} subscribers`;
  const delivered = (s: Side) => `${s.point.delivered}/${s.point.expected} copies, ${s.point.achieved.toFixed(1)} raises/s achieved`;
  const lines = [
    `Run ${new Date().toISOString().slice(0, 16)}Z, \`npm run bench -- --history 1y --history-scale ${h.history.scale}\`: ` +
      `${h.history.alerts.toLocaleString('en')} closed alerts and ${h.history.events.toLocaleString('en')} events over every consulate and the 12 months ` +
      `ending two days ago (scale 1 is the issue's 2,000,000 / 10,000,000). ${os.cpus().length} cores shared with other work: load average ` +
      `${loadBefore.map((x) => x.toFixed(1)).join(' ')} at the start, ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at the end; whole run ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
    `History load: ${Object.entries(times).map(([k, v]) => `${k} ${v} s`).join(', ')}. alert_events then had ${partitions} partitions ` +
      `(${full.events.toLocaleString('en')} events, ${full.alerts.toLocaleString('en')} alerts).`,
    '',
    '| measure | empty | with history | history / empty |',
    '|---|---|---|---|',
    row(`raise answer p99 at ${at}, median of ${h.repeat} runs`, med(empty, 'raise', 'p99'), med(full, 'raise', 'p99')),
    row(`event p99 (raise → RAISED on every subscriber) at ${at}, median of ${h.repeat} runs`, med(empty, 'event', 'p99'), med(full, 'event', 'p99')),
    row(`raise answer p50 at ${at}, median of ${h.repeat} runs`, med(empty, 'raise', 'p50'), med(full, 'raise', 'p50')),
    row(`server CPU (% of one core) at ${at}, median of ${h.repeat} runs`, 100 * medianOf(empty.runs.map((r) => r.serverCpu)), 100 * medianOf(full.runs.map((r) => r.serverCpu)), '%'),
    row(`console open-alerts load, losangeles (${empty.reads.consoleAlerts} / ${full.reads.consoleAlerts} alerts), median of 15`, empty.reads.consoleMs, full.reads.consoleMs),
    row(`alertEvents(after: cursor) replay to a supervisor (${empty.reads.replayEvents} / ${full.reads.replayEvents} events), median of ${REPLAYS}`, empty.reads.replayMs, full.reads.replayMs),
    '',
    `Two services in this process, one on the empty database and one on a copy of it with the history, measured in turn ` +
      `(one unreported run each first); raise p99 of each run in the order run (E empty, H history, ms): ${order.join(', ')}. ` +
      `Server CPU is this process's, both services' (the side not measured idles).`,
    `Point: empty ${delivered(empty)}; with history ${delivered(full)}. Each side's raise p99 (ms): empty ${p99s(empty.runs, 'raise')}; ` +
      `with history ${p99s(full.runs, 'raise')}; event p99: empty ${p99s(empty.runs, 'event')}; with history ${p99s(full.runs, 'event')}.`,
    `Replay cursor: each side's last seq before its last run (the history lies behind it, as a day-old cursor's would). ` +
      `Plan of the hub's read after a cursor one day old, with history:`,
    '',
    '```',
    ...plan,
    '```',
  ];
  writeSection(h.doc, 'history', lines.join('\n'));
  h.log(`wrote ${h.doc} (section history)`);
}
