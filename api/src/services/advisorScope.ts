import type { Queryable } from '../db/types.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { LockedAlert } from '../sql/dispatch.js';
import { advisorById } from '../sql/roster.js';
import type { AdvisorRow } from '../sql/rows.js';

/**
 * Where an advisor may act (docs/SECURITY.md, "Advisors"): alerts of their own consulate, and alerts
 * explicitly put in their hands wherever they are (an offer, which may cross a border, or an assignment
 * by the control room, a hand-over included). A reported position never widens this: it was once enough
 * to stand (or claim to stand) near another consulate's alert to claim it and read its precise location.
 */
export function advisorMayAct(me: AdvisorRow, a: Pick<LockedAlert, 'consulate_id' | 'offer_advisor_id' | 'assigned_advisor_id'>): boolean {
  return a.offer_advisor_id === me.id || a.assigned_advisor_id === me.id || a.consulate_id === me.consulate_id;
}

/**
 * The advisor behind an ADVISOR token, refused with FORBIDDEN when unknown or deactivated: a deactivated
 * advisor changes nothing, not even alerts already assigned to them. Read before the alert is locked, so the
 * answer does not depend on which alert id was sent. A deactivation that commits while an action is in
 * flight orders after it, as if it had come a moment later.
 */
export async function activeAdvisor(q: Queryable, advisorId: string | undefined): Promise<AdvisorRow> {
  const me = advisorId ? await advisorById(q, advisorId) : null;
  if (!me?.active) throw new AppError(ErrorCode.FORBIDDEN, 'this advisor is not active');
  return me;
}
