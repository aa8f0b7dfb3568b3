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

  constructor(private readonly db: Db) {}

  record(viewer: Viewer | null, action: string, subjectType: string, subjectId: string): void {
    this.pending.push({ actorRole: viewer?.role ?? 'ANONYMOUS', actorId: actorIdOf(viewer), action, subjectType, subjectId });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  async flush(): Promise<void> {
    this.scheduled = false;
    const rows = this.pending.splice(0);
    try {
      await insertAudit(this.db, rows);
    } catch (err) {
      log.error('audit.write_failed', { err: err as Error, rows: rows.length });
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
