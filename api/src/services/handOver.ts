import { decideHandOverOffer, needsOfferAdvisor } from '../domain/dispatch/offers.js';
import type { LockedAlert } from '../sql/dispatch.js';
import { advisorById } from '../sql/roster.js';
import { applyPlan } from './applyPlan.js';
import type { DispatchTx } from './dispatchTx.js';
import type { OfferDeps } from './offers.js';

/**
 * After a hand-over (`a.consulate_id` and `a.lon`/`a.lat` already the new ones): an open offer to an
 * advisor of another consulate is withdrawn and the alert offered at once to the new consulate's best
 * candidate near the new position (domain/dispatch/offers.ts `decideHandOverOffer`). Events:
 * OFFER_WITHDRAWN, then OFFERED (or ESCALATED), after the caller's HANDED_OVER, all in the caller's
 * dispatch transaction; answers the writes that go with its commit, which the caller must end with.
 */
export async function reofferAfterHandOver(tx: DispatchTx, deps: OfferDeps, a: LockedAlert): Promise<string[]> {
  const offeredTo = needsOfferAdvisor(a) ? ((await advisorById(tx.q, a.offer_advisor_id!))?.consulate_id ?? null) : null;
  return (await applyPlan(tx, deps, a, decideHandOverOffer(a, offeredTo))).writes;
}
