import type { Db, Queryable } from '../db/types.js';
import { EVENTS_CHANNEL, HUB_PAGE, allEventsAfter, lastEventSeq } from '../sql/events.js';
import type { EventRow } from '../sql/rows.js';
import { log } from '../log.js';

export type EventListener<E = EventRow> = (e: E) => void;

/**
 * Where a hub's events come from: an append-only table whose key is commit-ordered (its writers hold an
 * advisory lock from before the insert to commit), a NOTIFY channel announcing the last key, and its reads.
 * `ALERT_EVENTS` is the alert timeline; realtime/incidentStream.ts has the incidents' one.
 */
export interface HubSource<E> {
  channel: string;
  page: number;
  seqOf(e: E): number;
  last(q: Queryable): Promise<number>;
  after(q: Queryable, seq: number): Promise<E[]>;
}

export const ALERT_EVENTS: HubSource<EventRow> = {
  channel: EVENTS_CHANNEL,
  page: HUB_PAGE,
  seqOf: (e) => e.seq,
  last: lastEventSeq,
  after: allEventsAfter,
};

/** At most this many events wait for a gap in `EventHub.early`; past it, the read delivers them. */
const EARLY_MAX = 10_000;

/**
 * One per process. The events table is the source of truth; NOTIFY is only a wake-up. On each wake-up
 * (and on a slow safety poll, and after the listener reconnects) the hub reads every event after the
 * last one it delivered, once, and hands each to the local listeners in sequence order.
 */
export class EventHub<E = EventRow> {
  private lastSeq = 0;
  private listeners = new Set<EventListener<E>>();
  private watchers = new Set<EventListener<E>>();
  private pumping: Promise<void> | null = null;
  private again = false;
  private stopListening: (() => Promise<void>) | null = null;
  private poll: NodeJS.Timeout | null = null;
  /** The highest seq a notification announced; checked against `lastSeq` once per turn. */
  private notifiedUpTo = 0;
  private checkScheduled = false;
  /** Events this process committed after a gap, by seq, until the gap is delivered (`deliverCommitted`). */
  private early = new Map<number, E>();

  /**
   * Where the hub reads events: a connection of its own when the database has a pool (`Db.separate`), so
   * delivery to control rooms never waits behind a burst of requests for a pool connection (during a raid
   * the hub's reads waited 115 ms on average in the benchmark's closed-loop run).
   */
  private readonly reads: Queryable;

  constructor(
    private readonly db: Db,
    private readonly opts: { pollMs?: number } = {},
    private readonly source: HubSource<E> = ALERT_EVENTS as unknown as HubSource<E>,
  ) {
    this.reads = db.separate?.(1) ?? db;
  }

  async start(): Promise<void> {
    this.lastSeq = await this.source.last(this.reads);
    this.stopListening = await this.db.listen(this.source.channel, (payload) => this.notified(payload), () => this.wake());
    // Safety net for a lost notification; cheap (one indexed query) and rare relative to events.
    this.poll = setInterval(() => this.wake(), this.opts.pollMs ?? 2_000);
    this.poll.unref();
  }

  /** The highest seq this process has delivered: streams switch from replay to live here. */
  get deliveredSeq(): number {
    return this.lastSeq;
  }

  subscribe(fn: EventListener<E>): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * A consumer inside the process (incident detection): handed every event after the subscribers, and not
   * counted in `listenerCount`, which counts subscriptions.
   */
  watch(fn: EventListener<E>): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  /**
   * A commit's notification carries its last sequence number: nothing to read when this process has
   * delivered that far already (its own commits, handed over by `deliverCommitted`). The check waits for
   * the rest of this turn's network input: a commit's answer and its notification arrive together on two
   * connections, and when the notification came first the hub read the events its own writer was about
   * to hand over (four reads in ten raises in the benchmark).
   */
  private notified(payload: string): void {
    const seq = Number(payload);
    const known = payload !== '' && Number.isSafeInteger(seq);
    if (known && seq <= this.lastSeq) return;
    if (!known) return void this.wake();
    this.notifiedUpTo = Math.max(this.notifiedUpTo, seq);
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    setImmediate(() => {
      this.checkScheduled = false;
      if (this.notifiedUpTo > this.lastSeq) void this.wake();
    });
  }

  /**
   * Events this process has just committed, each with its alert as read in their transaction. Delivered at
   * once when they are the very next ones in sequence (events commit in sequence order, so nothing can come
   * before them any more); otherwise held until the ones before them are delivered (by this process's own
   * writers or by the read their notification triggers), then delivered in order. A raise's events reach the
   * control room without waiting for that read, also when another raise of this process committed just before
   * and its answer came back after (the read is still made when the gap is not filled by the end of the turn;
   * it then finds them delivered).
   */
  deliverCommitted(events: readonly E[]): void {
    if (events.length === 0) return;
    const first = this.source.seqOf(events[0]!);
    if (events.some((e, i) => this.source.seqOf(e) !== first + i) || first <= this.lastSeq) return;
    if (first === this.lastSeq + 1) return this.deliver(events);
    // After a gap: most often the events of a raise of this process whose answer is still on its way (the
    // pool's connections commit in sequence order, their answers are handled in any order). Past EARLY_MAX
    // held, the read delivers them.
    if (this.early.size + events.length > EARLY_MAX) return;
    for (const e of events) this.early.set(this.source.seqOf(e), e);
  }

  /** Coalesces wake-ups: at most one read in flight, and one more queued behind it. */
  wake(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      if (this.again) {
        this.again = false;
        void this.wake();
      }
    });
    return this.pumping;
  }

  private async pump(): Promise<void> {
    for (;;) {
      let batch: E[];
      try {
        batch = await this.source.after(this.reads, this.lastSeq);
      } catch (err) {
        // Database down: the next wake-up (poll or reconnect) catches up from lastSeq.
        log.warn('hub.read_failed', { err: err as Error });
        return;
      }
      // Some may have been handed over by deliverCommitted while this read was in flight.
      this.deliver(batch.filter((e) => this.source.seqOf(e) > this.lastSeq));
      if (batch.length < this.source.page) return;
    }
  }

  private deliver(events: readonly E[]): void {
    for (const e of events) this.emit(e);
    if (this.early.size === 0) return;
    for (let next = this.early.get(this.lastSeq + 1); next; next = this.early.get(this.lastSeq + 1)) {
      this.early.delete(this.lastSeq + 1);
      this.emit(next);
    }
    // Those a read delivered meanwhile.
    for (const seq of this.early.keys()) if (seq <= this.lastSeq) this.early.delete(seq);
  }

  private emit(e: E): void {
    this.lastSeq = this.source.seqOf(e);
    for (const fn of this.listeners) callListener(fn, e);
    for (const fn of this.watchers) callListener(fn, e);
  }

  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    await this.stopListening?.();
    await this.pumping;
    this.listeners.clear();
    this.watchers.clear();
  }
}

function callListener<E>(fn: EventListener<E>, e: E): void {
  try {
    fn(e);
  } catch (err) {
    log.error('hub.listener_failed', { err: err as Error });
  }
}
