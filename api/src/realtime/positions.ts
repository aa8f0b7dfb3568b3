import type { Db } from '../db/types.js';
import { advisorsChangedSince, type AdvisorChange } from '../sql/roster.js';
import { log } from '../log.js';

/** Reads a little behind "now" so a change that committed late (earlier clock_timestamp) is still seen. */
const OVERLAP_MS = 2_000;

export type PositionListener = (changes: AdvisorChange[]) => void;

/**
 * Advisor positions for control-room maps. Coalesced by construction: one poll per interval reads
 * what changed (the database is the source of truth, so every process sees every change), and each
 * advisor appears at most once per interval with its latest state. Polls only while someone listens.
 */
export class PositionFeed {
  private listeners = new Set<PositionListener>();
  private timer: NodeJS.Timeout | null = null;
  private since = new Date();
  private lastSent = new Map<string, number>();
  private busy = false;

  constructor(
    private readonly db: Db,
    private readonly intervalMs = 1_000,
  ) {}

  /** Live subscribers (tests wait on it to know a subscription is listening). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  subscribe(fn: PositionListener): () => void {
    this.listeners.add(fn);
    if (!this.timer) {
      this.since = new Date(Date.now() - OVERLAP_MS);
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0) this.stop();
    };
  }

  private async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const started = Date.now();
      const rows = await advisorsChangedSince(this.db, new Date(this.since.getTime() - OVERLAP_MS));
      const fresh = rows.filter((r) => this.lastSent.get(r.id) !== r.changed_at.getTime());
      for (const r of fresh) this.lastSent.set(r.id, r.changed_at.getTime());
      this.since = new Date(started);
      if (fresh.length > 0) for (const fn of this.listeners) fn(fresh);
      if (this.lastSent.size > 200_000) this.lastSent.clear(); // bounded memory; a repeat is harmless
    } catch (err) {
      log.warn('positions.poll_failed', { err: err as Error });
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.lastSent.clear();
  }
}

/** One advisor's latest state per interval, for one scope (a consulate, or all for supervisors). */
export async function* positionStream(feed: PositionFeed, consulateId: string | null, signal?: AbortSignal): AsyncGenerator<AdvisorChange> {
  const queue: AdvisorChange[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = feed.subscribe((changes) => {
    for (const c of changes) if (consulateId === null || c.consulate_id === consulateId) queue.push(c);
    if (queue.length > 50_000) queue.splice(0, queue.length - 50_000); // a newer state supersedes older ones
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    for (;;) {
      if (signal?.aborted) return;
      const c = queue.shift();
      if (c) {
        yield c;
        continue;
      }
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}
