import type { Db } from '../db/types.js';
import { SYSTEM } from '../domain/dispatch/plan.js';
import { decideTeamFirstOnJoin } from '../domain/incidents/commandsTeam.js';
import { claimJoins, onTeamOfAlert } from '../sql/incidentCommands.js';
import { lockAlert, settleOffer } from '../sql/dispatch.js';
import { dispatchTx, ending } from './dispatchTx.js';
import { makeOffer, type OfferDeps } from './applyPlan.js';
import { teamFirstPick } from './teamFirstPick.js';

/**
 * An alert detection has just joined to a CONFIRMED incident with a team (domain decideTeamFirstOnJoin):
 * its normal-dispatch offer withdrawn and the alert offered to the team member picked. True when it was.
 */
export async function offerJoinedAlertToTeam(deps: OfferDeps & { db: Db }, alertId: string): Promise<boolean> {
  const out = await dispatchTx(deps.db, async (tx) => {
    const a = await lockAlert(tx.q, alertId);
    if (!a || a.assigned_advisor_id !== null || (a.status !== 'RAISED' && a.status !== 'OFFERED')) return ending(false);
    const onTeam = a.offer_advisor_id !== null && (await onTeamOfAlert(tx.q, a.id, a.offer_advisor_id));
    const d = decideTeamFirstOnJoin(a, onTeam ? null : await teamFirstPick(tx, deps, a), onTeam);
    if (!d) return ending(false);
    if (d.withdraw !== null && !(await settleOffer(tx.q, d.withdraw, 'WITHDRAWN'))) return ending(false); // taken meanwhile
    if (d.withdraw !== null) tx.record(a, 'OFFER_WITHDRAWN', SYSTEM, { note: 'offered to the incident team first' });
    return ending(true, makeOffer(tx, deps, a, d.offer));
  });
  return out.value;
}

/** One step of the follower: the joins since the cursor, each offered to its team (run with the offer sweep). */
export async function offerJoinsToTeams(deps: OfferDeps & { db: Db }): Promise<number> {
  const joined = await deps.db.tx((q) => claimJoins(q, 500));
  let n = 0;
  for (const id of joined ?? []) if (await offerJoinedAlertToTeam(deps, id)) n++;
  return n;
}
