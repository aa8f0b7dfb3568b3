import type { Viewer } from '../domain/viewer.js';
import type { AuditTrail } from '../services/audit.js';

/** What a read revealed: a precise position (location or track) or the person's note. */
export type ReadAction = 'READ_PRECISE_LOCATION' | 'READ_PERSON_NOTE';

/**
 * The reads one shared subscription execution revealed (sharedExecution.ts): the execution runs once for
 * every subscriber of its group, so it cannot write the audit row itself (it would name one subscriber).
 * It collects here instead (graphql/readAudit.ts `auditRead`), and each subscriber that is handed the
 * result records the reads under its own name (`recordReads`).
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
 * What a shared execution needs of a subscriber's GraphQL context (graphql/context.ts `Context` is one):
 * who subscribed, where its reads are audited, and, while the execution runs, where they are collected.
 */
export interface RevealingContext {
  viewer: Viewer | null;
  audit: Pick<AuditTrail, 'record'>;
  revealed?: RevealedReads;
}

/** One subscriber was handed a result: its reads are audited under that subscriber's name. */
export function recordReads(ctx: Pick<RevealingContext, 'audit' | 'viewer'>, revealed: RevealedReads | undefined): void {
  if (revealed) for (const [action, alertId] of revealed.reads) ctx.audit.record(ctx.viewer, action, 'alert', alertId);
}
