import type { Db } from '../db/types.js';
import type { Viewer } from '../domain/viewer.js';
import { insertAudit, type AuditRow } from '../sql/privacy.js';
import { log } from '../log.js';

/**
 * Collects audit rows and writes them in one insert at the end of the event loop's turn (a list of 500 alerts
 * is one statement, not 500), with at most one insert under way: rows recorded while one is under way go
 * together in the next, once it is done. During the raid point the trail wrote one insert per turn, about a
 * tenth of the service's statements, each a round trip that woke a database backend on the cores the service
 * shares (docs/BENCHMARKS.md). Failures are logged loudly: an audit gap is an incident.
 */
export class AuditTrail {
  private pending: AuditRow[] = [];
  private scheduled = false;
  private underWay: Promise<void> | null = null;
  private written = 0;

  constructor(private readonly db: Db) {}

  record(viewer: Viewer | null, action: string, subjectType: string, subjectId: string): void {
    this.pending.push({ actorRole: viewer?.role ?? 'ANONYMOUS', actorId: actorIdOf(viewer), action, subjectType, subjectId });
    this.schedule();
  }

  /**
   * Writes what is pending and waits until nothing is (the shutdown calls this before the pool closes: no
   * row may be lost to it). Resolves to the number of rows written meanwhile, the write under way included.
   */
  async flush(): Promise<number> {
    const before = this.written;
    for (;;) {
      if (this.underWay) await this.underWay;
      else if (this.pending.length > 0) this.writePending();
      else return this.written - before;
    }
  }

  private schedule(): void {
    if (this.scheduled || this.underWay) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writePending();
    });
  }

  private writePending(): void {
    if (this.underWay || this.pending.length === 0) return;
    const rows = this.pending.splice(0);
    this.underWay = insertAudit(this.db, rows)
      .then(
        () => void (this.written += rows.length),
        (err: unknown) => log.error('audit.write_failed', { err: err as Error, rows: rows.length }),
      )
      .finally(() => {
        this.underWay = null;
        if (this.pending.length > 0) this.schedule();
      });
  }
}

/**
 * Staff are named; a person is not: the log is append-only and outlives retention and `deleteMyData`,
 * so a person's id next to their alert's id would re-link, for ever, what those cut (the alert's person).
 */
function actorIdOf(v: Viewer | null): string | null {
  if (!v || v.role === 'PERSON') return null;
  return v.role === 'ADVISOR' ? (v.advisorId ?? null) : v.sub;
}
