import type { Queryable } from '../db/types.js';
import { FORBIDDEN_INACTIVE } from '../domain/dispatch/visibility.js';
import { advisorById } from '../sql/roster.js';
import type { AdvisorRow } from '../sql/rows.js';

/**
 * The advisor behind an ADVISOR token, refused with FORBIDDEN when unknown or deactivated: a deactivated
 * advisor changes nothing, not even alerts already assigned to them. Read before the alert is locked, so the
 * answer does not depend on which alert id was sent. A deactivation that commits while an action is in
 * flight orders after it, as if it had come a moment later.
 */
export async function activeAdvisor(q: Queryable, advisorId: string | undefined): Promise<AdvisorRow> {
  const me = advisorId ? await advisorById(q, advisorId) : null;
  if (!me?.active) throw FORBIDDEN_INACTIVE();
  return me;
}
