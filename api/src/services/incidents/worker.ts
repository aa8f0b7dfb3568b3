import type { Db, Queryable } from '../../db/types.js';
import type { IncidentConfig } from '../../incidentsConfig.js';
import type { AlertEventType } from '../../generated/enums.js';
import { appendIncidentEvents, type NewIncidentEvent } from '../../sql/incidentEvents.js';
import { log } from '../../log.js';
import { incidentsAfterAlertChange, type Refresh } from './detect.js';
import { alertsAndMemberships } from '../../sql/incidentDetection.js';
import { refreshIncidents, type IncidentCause } from './refresh.js';

/** The alert events that can change an incident: a new alert, a move, a hand-over, a close. */
const RELEVANT: readonly AlertEventType[] = ['RAISED', 'LOCATION_UPDATED', 'HANDED_OVER', 'RESOLVED', 'CANCELLED'];
const BATCH = 200;
/**
 * How long a woken detector waits before its pass: well inside the 1 s an incident may take to appear. Each
 * pass costs about six statements whatever it holds (claim, memberships, facts, write, cursor, events, and the
 * hubs' reads of what it wrote): at 100 alerts/s a pass every 30 ms held five or six alerts, and those
 * statements took a seventh of the database's statement time (pg_stat_statements).
 */
const GATHER_MS = 100;

/** The process's alert event hub, as far as detection needs it: a wake-up per committed change. */
export interface AlertChanges {
  watch(fn: (e: { type: AlertEventType }) => void): () => void;
}

/**
 * Detection, right after each raise's commit and never inside it: a raise neither waits for detection nor
 * fails with it. Every API process runs one; they share one cursor over `alert_events` (the table
 * `incident_detection_cursor`), claimed with `for update skip locked`, so each change is looked at once, by
 * whichever process gets there first, in commit order (alert event seqs are commit-ordered, sql/events.ts).
 *
 * Why one cursor and not a lock per geohash cell: in commit order two alerts of one raid never race to form
 * two incidents, and a chain of near alerts (transitive, so wider than any cell) is seen whole. Nothing a
 * raise or a dispatch decision takes is held here: the cursor row is detection's own, the incident rows are
 * locked one at a time (shared only with the incident commands), and the incident event writer lock is taken
 * by the last statement before the commit. Catching up after a crash is reading on from the cursor.
 * Measured: docs/DESIGN.md "Incidents".
 *
 * A change whose detection fails is logged and skipped (its own savepoint), so one bad row cannot stop the
 * detection of every later alert.
 */
export class IncidentDetector {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private poll: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly hub: AlertChanges,
    private readonly cfg: IncidentConfig,
    private readonly opts: { pollMs?: number; busyRetryMs?: number; gatherMs?: number } = {},
  ) {}

  start(): void {
    this.unsubscribe = this.hub.watch((e) => {
      if (RELEVANT.includes(e.type)) void this.kick();
    });
    // Changes another process committed while this one's hub was away, or a pass another process ended early.
    this.poll = setInterval(() => void this.kick(), this.opts.pollMs ?? 2_000);
    this.poll.unref();
    void this.kick();
  }

  /** Runs passes until nothing is left; coalesced: one in flight, at most one more queued. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    // A pass starts a moment after the change that woke it, so that during a raid it takes the changes of
    // that moment together (one transaction, each incident recomputed once) instead of one pass per alert.
    const gather = this.opts.gatherMs ?? GATHER_MS;
    this.running = (gather > 0 ? new Promise((r) => setTimeout(r, gather)) : Promise.resolve()).then(() => this.drain()).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.kick();
      }
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      let outcome: 'busy' | 'more' | 'done';
      try {
        outcome = await this.db.tx((q) => detectionPass(q, this.cfg)).catch((err) => {
          // One change may be what fails: the same changes again, each on its own (its failure logged and skipped).
          log.warn('incidents.pass_retried_one_by_one', { err: err as Error });
          return this.db.tx((q) => detectionPass(q, this.cfg, 'one by one'));
        });
      } catch (err) {
        // The database is away: the poll tries again from the same cursor.
        log.warn('incidents.pass_failed', { err: err as Error });
        return;
      }
      if (outcome === 'done' || this.stopped) return;
      if (outcome === 'busy') {
        // Another process holds the cursor; it may have read before this change committed: look again soon.
        setTimeout(() => void this.kick(), this.opts.busyRetryMs ?? 50).unref();
        return;
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.poll) clearInterval(this.poll);
    await this.running;
  }
}

/** The alerts a cause put into its incident. */
function takenBy(c: IncidentCause): string[] {
  if (c.type === 'ALERT_JOINED' && typeof c.data?.alertId === 'string') return [c.data.alertId];
  if (c.type === 'DETECTED' && Array.isArray(c.data?.alertIds)) return c.data.alertIds as string[];
  return [];
}

/**
 * One pass in one transaction: claim the cursor (or answer 'busy'), look at each alert changed since, in
 * commit order, append the incident events last, move the cursor on.
 *
 * 'batched' (the usual way) recomputes each incident the pass touched once, at the end: during a raid a
 * pass holds dozens of alerts of one incident, and recomputing its shape and counts over all its members
 * after each of them made detection's cost grow with the square of the raid (it fell tens of seconds behind
 * at 100 alerts/s). 'one by one' is the old way, kept for a pass that failed: each change in a savepoint of
 * its own, its incidents recomputed at once, so one bad change is logged and skipped and the rest go on.
 */
export async function detectionPass(q: Queryable, cfg: IncidentConfig, mode: 'batched' | 'one by one' = 'batched'): Promise<'busy' | 'more' | 'done'> {
  // One round trip: claim the cursor, and read what changed up to `top`, the last seq committed (seqs are
  // drawn under the writer lock, in commit order, so every seq up to it is committed or gone).
  const r = await q.query<{ last_seq: string; top: string | null; changed: Array<{ seq: number; alert_id: string; type: AlertEventType }> | null }>(
    `/* detection_claim_changes */ with cursor as (select last_seq from incident_detection_cursor for update skip locked),
          top as (select max(seq) as top from alert_events)
     select c.last_seq, t.top,
            (select json_agg(x order by x.seq) from (
               select seq, alert_id, type from alert_events where seq > c.last_seq and seq <= t.top and type = any($1::text[])
               order by seq limit $2) x) as changed
     from cursor c, top t`,
    [RELEVANT, BATCH],
    { name: 'detection_claim_changes' },
  );
  if (r.rows.length === 0) return 'busy';
  const last = Number(r.rows[0]!.last_seq);
  const top = Number(r.rows[0]!.top ?? 0);
  const changed = { rows: r.rows[0]!.changed ?? [] };
  const full = changed.rows.length === BATCH;
  const events: NewIncidentEvent[] = [];
  // Each alert once, with whether all its changes in this pass are its raise.
  const alerts = new Map<string, 'raised only' | 'any'>();
  for (const c of changed.rows) alerts.set(c.alert_id, c.type === 'RAISED' && (alerts.get(c.alert_id) ?? 'raised only') === 'raised only' ? 'raised only' : 'any');
  if (mode === 'batched') {
    // Each incident's causes, in the order they happened; Map keeps the order incidents were first touched.
    const touched = new Map<string, IncidentCause[]>();
    // Alerts this pass took into an incident (a neighbour's cluster took them in): their membership read at
    // the start is out of date.
    const taken = new Set<string>();
    const noteFor: Refresh = async (id, causes) => {
      touched.set(id, [...(touched.get(id) ?? []), ...causes]);
      for (const c of causes) for (const a of takenBy(c)) taken.add(a);
      return [];
    };
    // Every alert's membership in one round trip, where it was one each (a pass holds dozens during a raid).
    // Only this pass binds an alert to an incident, and the incidents read are locked until it commits, so the
    // read stays true for every alert the pass has not taken in since.
    const memberships = await alertsAndMemberships(q, [...alerts.keys()]);
    for (const [alertId, change] of alerts) {
      if (!taken.has(alertId)) await incidentsAfterAlertChange(q, alertId, cfg, noteFor, change, memberships.get(alertId) ?? null);
      // Taken in with a neighbour's cluster, where it was raised: nothing to look at (detect.ts).
      else if (change !== 'raised only') await incidentsAfterAlertChange(q, alertId, cfg, noteFor, change);
    }
    events.push(...(await refreshIncidents(q, [...touched].map(([incidentId, causes]) => ({ incidentId, causes })))));
  } else for (const [alertId, change] of alerts) {
    await q.query('/* detection_savepoint */ savepoint incident_detection');
    try {
      events.push(...(await incidentsAfterAlertChange(q, alertId, cfg, undefined, change)));
      await q.query('/* detection_release_savepoint */ release savepoint incident_detection');
    } catch (err) {
      await q.query('/* detection_rollback_savepoint */ rollback to savepoint incident_detection');
      log.error('incidents.detection_failed', { alertId, err: err as Error });
    }
  }
  const next = full ? Number(changed.rows[changed.rows.length - 1]!.seq) : top;
  if (next !== last) await q.query('/* detection_cursor_advance */ update incident_detection_cursor set last_seq = $1::bigint', [next]);
  await appendIncidentEvents(q, events);
  return full ? 'more' : 'done';
}

