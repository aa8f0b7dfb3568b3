import type { Queryable } from '../db/types.js';
import { setAdvisorLocations, type LocationFix } from '../sql/roster.js';
import type { AdvisorRow } from '../sql/rows.js';

/** Largest batch written by one statement; the rest waits for the next one. */
export const DEFAULT_MAX_BATCH = 1000;
/**
 * Batches written at the same time (pool connections the writer may hold). One: on the 2-core benchmark
 * machine two batches in flight made each statement slower (same rows, same index pages) and ingest no
 * faster (7,250–7,858/s against 8,074–8,568/s with one, alternating runs); a database with cores to spare
 * may do better with two.
 */
export const DEFAULT_MAX_IN_FLIGHT = 1;
/** SQLSTATE deadlock_detected. */
const DEADLOCK_DETECTED = '40P01';

interface Waiting {
  fix: LocationFix;
  resolve: (row: AdvisorRow | null) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for advisor position reports. Reports are queued in memory and written by one statement
 * per batch (`setAdvisorLocations`); each caller's promise settles when the batch that carries it has
 * committed, so a report that has been answered is durable and visible to the candidate query, exactly
 * as with one UPDATE per report.
 *
 * Batches form on their own: when a write slot is free, a report starts a write (after the current turn
 * of the event loop, so reports that arrived together go together); while every slot is busy, new reports
 * collect and go in the next write as soon as a slot frees. No timer: an idle writer adds no latency, a
 * busy one writes larger batches. At most `maxInFlight` writes at a time (default 1), so the writer holds
 * at most that many pool connections. Two batches in flight may carry the same advisor; the statement
 * keeps the newer fix whichever commits last.
 */
export class LocationWriter {
  private queue: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly db: Queryable,
    private readonly maxBatch = DEFAULT_MAX_BATCH,
    private readonly maxInFlight = DEFAULT_MAX_IN_FLIGHT,
  ) {}

  /**
   * Records a fix; resolves with the advisor as stored after the batch committed (an older fix than the
   * stored one is ignored, as `setAdvisorLocation` does), or null when the advisor is unknown or not
   * active. Rejects with the database's error when the batch failed.
   */
  report(fix: LocationFix): Promise<AdvisorRow | null> {
    if (this.closed) return Promise.reject(new Error('location writer is shut down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ fix, resolve, reject });
      if (!this.scheduled && this.inFlight < this.maxInFlight) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.startWrites();
        });
      }
    });
  }

  /** Refuses new reports and waits until every accepted one has been written (or has failed). */
  async dispose(): Promise<void> {
    this.closed = true;
    if (this.inFlight === 0 && this.queue.length === 0 && !this.scheduled) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private startWrites(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      this.inFlight++;
      void this.write(this.queue.splice(0, this.maxBatch)).finally(() => {
        this.inFlight--;
        this.startWrites();
        if (this.inFlight === 0 && this.queue.length === 0 && !this.scheduled) {
          for (const wake of this.idleWaiters.splice(0)) wake();
        }
      });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    // One fix per advisor: the newest; of equal times the later report, as one UPDATE per report would leave it.
    // Keyed by the id as PostgreSQL prints it (a token may carry a uuid in capitals).
    const idOf = (w: Waiting) => w.fix.advisorId.toLowerCase();
    const newest = new Map<string, LocationFix>();
    for (const w of batch) {
      const had = newest.get(idOf(w));
      if (!had || had.at.getTime() <= w.fix.at.getTime()) newest.set(idOf(w), { ...w.fix, advisorId: idOf(w) });
    }
    const fixes = [...newest.values()];
    let rows: AdvisorRow[];
    try {
      // A batch locks many advisor rows, so it can deadlock with another process's batch or a dispatch
      // transaction (one UPDATE per report never could): PostgreSQL aborts it whole, and one retry is safe.
      rows = await setAdvisorLocations(this.db, fixes).catch((err: { code?: string }) =>
        err?.code === DEADLOCK_DETECTED ? setAdvisorLocations(this.db, fixes) : Promise.reject(err));
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const w of batch) w.resolve(byId.get(idOf(w)) ?? null);
  }
}
