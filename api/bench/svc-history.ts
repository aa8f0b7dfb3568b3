/**
 * `npm run bench -- --history 1y [--history-scale 0.1]` (issue 21.3): a year of synthetic history, made in SQL
 * by a few set-based statements, and the hot path measured without it and with it.
 *
 * At scale 1: 2,000,000 closed alerts and 10,000,000 events (5 per alert) over every consulate (53) and the
 * 12 months that end two days ago, so that a cursor one day old has the history behind it. The events go in
 * in time order (seq follows `at`, as in production) through the partitioned alert_events: they land in the
 * default partition, and alert_events_ensure_partitions moves each month into its own partition (the path a
 * month written while no partition existed takes, db/migrations/0018_monthly_partitions.sql).
 */
import type { Queryable } from '../src/db/types.js';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';

export interface HistoryOption {
  scale: number;
  alerts: number;
  events: number;
}

/** `--history 1y` (the one span offered) and `--history-scale f` from the command line; null without `--history`. */
export function historyOption(argv: readonly string[]): HistoryOption | null {
  const at = argv.indexOf('--history');
  if (at < 0) return null;
  if (argv[at + 1] !== '1y') throw new Error(`--history ${argv[at + 1] ?? ''}: the one span offered is "1y"`);
  const s = argv.indexOf('--history-scale');
  const scale = s < 0 ? 1 : Number(argv[s + 1]);
  if (!(scale > 0 && scale <= 1)) throw new Error(`--history-scale ${argv[s + 1] ?? ''}: a number in (0, 1]`);
  const alerts = Math.round(2_000_000 * scale);
  return { scale, alerts, events: alerts * 5 };
}

/** Loads the history; answers the seconds each step took. */
export async function loadHistory(pool: Queryable, h: HistoryOption, log: (s: string) => void): Promise<Record<string, number>> {
  const times: Record<string, number> = {};
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const t0 = performance.now();
    const r = await pool.query(sql, params);
    times[name] = Math.round((performance.now() - t0) / 100) / 10;
    log(`history: ${name} ${times[name]} s${r.rowCount ? ` (${r.rowCount} rows)` : ''}`);
  };
  await step('alerts', `
    with c as (select row_number() over (order by id) - 1 as k, id, location from consulates),
         n as (select count(*) as n from consulates)
    insert into alerts (person_id, idempotency_key, request_hash, status, kind, location, consulate_id, match_method,
                        match_distance_m, created_at, updated_at, closed_at)
    select 'hist-' || (g % 500000), 'hist-' || g, 'h', 'RESOLVED', 'DETAINED', c.location, c.id, 'CONTAINED', 0,
           t.t, t.t + interval '40 minutes', t.t + interval '40 minutes'
    from generate_series(1, $1::int) g
    cross join n
    join c on c.k = g % n.n
    cross join lateral (select now() - interval '2 days' - (g::float8 / $1::int) * interval '363 days' as t) t`, [h.alerts]);
  await step('events', `
    insert into alert_events (alert_id, consulate_id, type, from_status, to_status, actor_role, at)
    select a.id, a.consulate_id, e.type, e.fs, e.ts, e.role, a.created_at + e.k * interval '8 minutes'
    from alerts a
    cross join (values (0, 'RAISED', null, 'RAISED', 'PERSON'), (1, 'OFFERED', 'RAISED', 'OFFERED', 'SYSTEM'),
                       (2, 'ACKNOWLEDGED', 'OFFERED', 'ACKNOWLEDGED', 'ADVISOR'), (3, 'ON_SCENE', 'ACKNOWLEDGED', 'ON_SCENE', 'ADVISOR'),
                       (4, 'RESOLVED', 'ON_SCENE', 'RESOLVED', 'ADVISOR')) e(k, type, fs, ts, role)
    where a.person_id like 'hist-%'
    order by a.created_at, e.k`);
  await step('partitions', 'select count(*) from alert_events_ensure_partitions()');
  await step('vacuum', 'vacuum analyze alert_events');
  // Vacuumed, not only analyzed, so that autovacuum has nothing of the load left for the measured runs (at scale
  // 1 this took 1 s: autovacuum had done most of it during the events' load).
  await step('vacuum alerts', 'vacuum analyze alerts');
  return times;
}

export interface ReadTimes {
  /** `alerts(openOnly: true)` as the losangeles console loads it: ms per load, median of `n`. */
  consoleMs: number;
  consoleAlerts: number;
  /** `alertEvents(after: cursor)`, all consulates (a supervisor): ms until every event after the cursor arrived. */
  replayMs: number;
  replayEvents: number;
}

/** Where one side's reads go: its server, and its replay's cursor (the seq before its last measured run) and events after it. */
export interface ReadTarget {
  serverUrl: string;
  cursor: number;
  expected: number;
}

/** Replays per side; their median is reported. */
export const REPLAYS = 9;

/**
 * The console's open-alerts load and a replay from each target's cursor, the targets' samples alternating (the
 * order turned round every round) so that each side's median is taken over the same minutes as the other's.
 */
export async function measureReads(targets: ReadTarget[], tokens: { operator: string; supervisor: string }, n = 15): Promise<ReadTimes[]> {
  const ms = targets.map((): number[] => []);
  const counts = targets.map(() => 0);
  const inTurn = (round: number) => (round % 2 ? [...targets.keys()].reverse() : [...targets.keys()]);
  for (let i = 0; i < n; i++) {
    for (const k of inTurn(i)) {
      const t0 = performance.now();
      const res = await fetch(`${targets[k]!.serverUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.operator}` },
        body: JSON.stringify({ query: '{ alerts(openOnly: true) { id status kind createdAt location { lat lon } } }' }),
      });
      const body = (await res.json()) as { data?: { alerts: unknown[] }; errors?: unknown };
      ms[k]!.push(performance.now() - t0);
      if (!body.data) throw new Error(`console load failed: ${JSON.stringify(body.errors)}`);
      counts[k] = body.data.alerts.length;
    }
  }
  // Median of nine: one replay is under a tenth of a second here, and the median of three still moved 0.5-1.3x
  // between runs with the same code.
  const replays = targets.map((): Array<{ ms: number; events: number }> => []);
  for (let i = 0; i < REPLAYS; i++) {
    for (const k of inTurn(i)) replays[k]!.push(await replayFrom(targets[k]!.serverUrl, tokens.supervisor, targets[k]!.cursor, targets[k]!.expected));
  }
  return targets.map((_, k) => {
    const sorted = [...ms[k]!].sort((a, b) => a - b);
    const replay = [...replays[k]!].sort((a, b) => a.ms - b.ms)[Math.floor(REPLAYS / 2)]!;
    return { consoleMs: sorted[Math.floor(sorted.length / 2)]!, consoleAlerts: counts[k]!, replayMs: replay.ms, replayEvents: replay.events };
  });
}

async function replayFrom(serverUrl: string, token: string, cursor: number, expected: number): Promise<{ ms: number; events: number }> {
  const client = createClient({
    url: serverUrl.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  try {
    const t0 = performance.now();
    let events = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`replay: ${events}/${expected} events in 120 s`)), 120_000);
      const stop = client.subscribe<{ alertEvents: { cursor: string } }>(
        { query: 'subscription($after: String) { alertEvents(after: $after) { cursor type alert { id status } } }', variables: { after: String(cursor) } },
        {
          next: (v) => {
            if (v.errors) return reject(new Error(JSON.stringify(v.errors)));
            if (++events >= expected) { clearTimeout(timer); stop(); resolve(); }
          },
          error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
          complete: () => undefined,
        },
      );
    });
    return { ms: performance.now() - t0, events };
  } finally {
    await client.dispose();
  }
}
