import type { Viewer } from '../domain/viewer.js';
import type { Context } from './context.js';

/** What a read revealed: a precise position (location or track) or the person's note. */
export type ReadAction = 'READ_PRECISE_LOCATION' | 'READ_PERSON_NOTE';

/**
 * The reads one shared subscription execution revealed (api/src/realtime/sharedExecution.ts): the
 * execution runs once for every subscriber of its group, so it cannot write the audit row itself (it
 * would name one subscriber). It collects here instead, and each subscriber that is handed the result
 * records the reads under its own name (`recordReads`).
 */
export class RevealedReads {
  readonly reads: Array<[ReadAction, string]> = [];
  private seen = new Set<string>();

  add(action: ReadAction, alertId: string): void {
    const key = `${action}|${alertId}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.reads.push([action, alertId]);
  }
}

/**
 * Audits one read of an alert's precise location, track or note, by whoever reads it, the person included
 * (a seized phone following its alert shows in the log too). Queries and mutations write the row for their
 * caller; a subscription's shared execution collects it for each receiver (`RevealedReads`). Rows are
 * buffered by `AuditTrail` and written in one insert per turn of the event loop.
 */
export function auditRead(ctx: Context, action: ReadAction, alertId: string): void {
  if (ctx.revealed) ctx.revealed.add(action, alertId);
  else ctx.audit.record(ctx.viewer, action, 'alert', alertId);
}

/** One subscriber was handed a result: its reads are audited under that subscriber's name. */
export function recordReads(ctx: Pick<Context, 'audit'> & { viewer: Viewer | null }, revealed: RevealedReads | undefined): void {
  if (revealed) for (const [action, alertId] of revealed.reads) ctx.audit.record(ctx.viewer, action, 'alert', alertId);
}
