import type { Queryable } from '../db/types.js';
import { entryType, needsEvidence, type Evidence, type Request } from '../domain/retry.js';
import { retryView } from '../domain/dispatch/plan.js';
import type { LockedAlert } from '../sql/dispatch.js';
import { retryEvidence } from '../sql/retry.js';

/**
 * What recognising `r` as a retry needs beyond the locked row (domain/retry.ts), read only when the row
 * already shows the request's outcome, so a first request costs no extra statement; null otherwise.
 */
export async function evidenceFor(q: Queryable, a: LockedAlert, r: Request): Promise<Evidence | null> {
  if (!needsEvidence(r, retryView(a))) return null;
  return retryEvidence(q, a.id, entryType(r), r.op === 'decline' ? r.advisorId : null);
}
