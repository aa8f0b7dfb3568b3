import type { Queryable } from '../db/types.js';
import type { LockedAlert } from '../sql/dispatch.js';
import { settleOffer } from '../sql/dispatch.js';
import { advisorById } from '../sql/roster.js';
import { offerNext } from './offers.js';
import { SYSTEM, record, type DispatchDeps } from './transition.js';

/**
 * After a hand-over (`a.consulate_id` and `a.lon`/`a.lat` already the new ones): an open offer to an
 * advisor of another consulate is withdrawn and the alert offered at once to the new consulate's best
 * candidate near the new position (nearest available first; neighbours within the radius count, as for
 * any offer), instead of waiting out the old offer's TTL far from the person. The hand-over's offer is
 * made even when the alert's offers are used up, so the new consulate gets at least one; when it has
 * nobody available the alert escalates to its control room. Events: OFFER_WITHDRAWN, then OFFERED (or
 * ESCALATED), after the caller's HANDED_OVER, all in the caller's dispatch transaction, which must do
 * nothing after this (the offer's write goes with the commit).
 *
 * An alert that is not OFFERED is left as it is: an assigned advisor follows their person across the
 * border, and an ESCALATED alert is already the (new) control room's to handle.
 */
export async function reofferAfterHandOver(q: Queryable, deps: DispatchDeps, a: LockedAlert): Promise<void> {
  if (a.status !== 'OFFERED' || a.current_offer_id === null) return;
  if (a.offer_advisor_id !== null && (await advisorById(q, a.offer_advisor_id))?.consulate_id === a.consulate_id) return;
  if (!(await settleOffer(q, Number(a.current_offer_id), 'WITHDRAWN'))) return;
  await record(q, a, 'OFFER_WITHDRAWN', SYSTEM, { note: `handed over to ${a.consulate_id}: offered within it` });
  await offerNext(q, deps, a, undefined, { handOver: true });
}
