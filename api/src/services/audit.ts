import type { Db } from '../db/types.js';
import type { Viewer } from '../domain/viewer.js';
import { insertAudit, type AuditRow } from '../sql/privacy.js';
import { log } from '../log.js';

/**
 * Collects audit rows during one request or event execution and writes them in one insert right
 * after (a list of 500 alerts is one statement, not 500). Failures are logged loudly: an audit gap is
 * an incident.
 */
export class AuditTrail {
  private pending: AuditRow[] = [];
  private scheduled = false;
  private writing = new Set<Promise<number>>();

  constructor(private readonly db: Db) {}

  record(viewer: Viewer | null, action: string, subjectType: string, subjectId: string): void {
    this.pending.push({ actorRole: viewer?.role ?? 'ANONYMOUS', actorId: actorIdOf(viewer), action, subjectType, subjectId });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  /**
   * Writes what is pending and waits for writes already under way (the shutdown calls this before the
   * pool closes: no row may be lost to it). Resolves to the number of rows written.
   */
  async flush(): Promise<number> {
    this.scheduled = false;
    const rows = this.pending.splice(0);
    const write = insertAudit(this.db, rows).then(
      () => rows.length,
      (err: unknown) => {
        log.error('audit.write_failed', { err: err as Error, rows: rows.length });
        return 0;
      },
    );
    const earlier = [...this.writing];
    this.writing.add(write);
    try {
      const counts = await Promise.all([write, ...earlier]);
      return counts.reduce((a, b) => a + b, 0);
    } finally {
      this.writing.delete(write);
    }
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
