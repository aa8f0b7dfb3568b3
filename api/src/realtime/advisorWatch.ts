import type { Queryable } from '../db/types.js';
import { advisorsByIds } from '../sql/roster.js';
import type { AdvisorRow } from '../sql/rows.js';
import { log } from '../log.js';

/** Told the advisor's row as it is now: null when it no longer exists. */
export type AdvisorListener = (row: AdvisorRow | null) => void;

/**
 * The rows of the advisors who hold a live stream, re-read together once a second (one query per process,
 * whatever the number of streams) while anyone watches. The database is the source of truth, so a
 * deactivation or a move made by any process, or straight in the table, reaches every stream within about a
 * second, even a quiet one waiting for its next event; `poke()` re-reads at once (this process's own
 * deactivations).
 */
export class AdvisorWatch {
  private listeners = new Map<string, Set<AdvisorListener>>();
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly intervalMs = 1_000,
  ) {}

  watch(advisorId: string, fn: AdvisorListener): () => void {
    const id = advisorId.toLowerCase();
    const set = this.listeners.get(id) ?? new Set();
    set.add(fn);
    this.listeners.set(id, set);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poke(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(id);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  /** Re-reads every watched advisor now (at most one read in flight). */
  poke(): Promise<void> {
    this.reading ??= this.read().finally(() => (this.reading = null));
    return this.reading;
  }

  private async read(): Promise<void> {
    const ids = [...this.listeners.keys()];
    if (ids.length === 0) return;
    let rows: AdvisorRow[];
    try {
      rows = await advisorsByIds(this.db, ids);
    } catch (err) {
      log.warn('advisor_watch.read_failed', { err: err as Error }); // the next tick tries again
      return;
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) for (const fn of this.listeners.get(id) ?? []) fn(byId.get(id) ?? null);
  }
}

/**
 * One watch per database handle, made on first use: streams reach it through the `db` their context
 * already carries, so no server wiring changes (it stops polling by itself when nobody watches).
 */
const watches = new WeakMap<object, AdvisorWatch>();
export function advisorWatchFor(db: Queryable): AdvisorWatch {
  let w = watches.get(db);
  if (!w) watches.set(db, (w = new AdvisorWatch(db)));
  return w;
}
