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

/**
 * One per process. The events table is the source of truth; NOTIFY is only a wake-up. On each wake-up
 * (and on a slow safety poll, and after the listener reconnects) the hub reads every event after the
 * last one it delivered, once, and hands each to the local listeners in sequence order.
 */
export class EventHub<E = EventRow> {
  private lastSeq = 0;
  private listeners = new Set<EventListener<E>>();
  private pumping: Promise<void> | null = null;
  private again = false;
  private stopListening: (() => Promise<void>) | null = null;
  private poll: NodeJS.Timeout | null = null;
  /** The highest seq a notification announced; checked against `lastSeq` once per turn. */
  private notifiedUpTo = 0;
  private checkScheduled = false;

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
   * before them any more); otherwise left to the read their notification triggers, which delivers them in
   * order after the ones before. A raise's events reach the control room without waiting for that read.
   */
  deliverCommitted(events: readonly E[]): void {
    if (events.length === 0 || events.some((e, i) => this.source.seqOf(e) !== this.lastSeq + 1 + i)) return;
    this.deliver(events);
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
    for (const e of events) {
      this.lastSeq = this.source.seqOf(e);
      for (const fn of this.listeners) {
        try {
          fn(e);
        } catch (err) {
          log.error('hub.listener_failed', { err: err as Error });
        }
      }
    }
  }

  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    await this.stopListening?.();
    await this.pumping;
    this.listeners.clear();
  }
}
