import type { Queryable } from '../db/types.js';
import { entryType, isRetry, needsEvidence, type Request } from '../domain/retry.js';
import type { LockedAlert } from '../sql/dispatch.js';
import { retryEvidence } from '../sql/retry.js';

/**
 * Whether `r`, on the alert locked in `q`, repeats what already happened (domain/retry.ts): the caller
 * then returns success and writes nothing. Reads more than the row only when the row already shows the
 * request's outcome, so a first request costs no extra statement.
 */
export async function alreadyDone(q: Queryable, a: LockedAlert, r: Request): Promise<boolean> {
  const now = { status: a.status, personId: a.person_id, assignedAdvisorId: a.assigned_advisor_id, offerAdvisorId: a.offer_advisor_id, duress: a.duress };
  if (!needsEvidence(r, now)) return isRetry(r, now, null);
  return isRetry(r, now, await retryEvidence(q, a.id, entryType(r), r.op === 'decline' ? r.advisorId : null));
}
