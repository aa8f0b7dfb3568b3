import type { Context } from './context.js';
import type { ReadAction } from '../realtime/revealedReads.js';

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
