import type { Db } from '../db/types.js';
import { SYSTEM } from '../domain/dispatch/plan.js';
import { decideTeamFirstOnJoin, pickTeamMember, type TeamCandidate } from '../domain/incidents/commandsTeam.js';
import { teamCandidates } from '../sql/incidentTeamCandidates.js';
import { claimJoins, lockTeamOffersOf, onTeamOfAlert } from '../sql/incidentCommands.js';
import { lockAlert, settleOffer, type LockedAlert } from '../sql/dispatch.js';
import { dispatchTx, ending, type DispatchTx } from './dispatchTx.js';
import { makeOffer, type OfferDeps } from './offers.js';

/**
 * Team-first offers (issue #20): an alert of a CONFIRMED incident with a team is offered first to the team
 * member `pickTeamMember` chooses (nearest with room, counting open offers), else normal dispatch. Only
 * alerts in such an incident pay for it: the common path's candidate query is not touched.
 *
 * Spread under concurrency: team-first offers of one incident are serialised by a transaction-level
 * advisory lock on the incident, taken before the team's open offers are counted in a new statement, so a
 * burst of joining alerts each sees the offers the previous ones committed (their offer is written with
 * the commit, which also releases the lock). Null: not in such an incident, or nobody on the team has room.
 */
export async function teamFirstPick(tx: DispatchTx, deps: OfferDeps, a: LockedAlert): Promise<TeamCandidate | null> {
  if (!(await lockTeamOffersOf(tx.q, a.id))) return null;
  return pickTeamMember(await teamCandidates(tx.q, { alertId: a.id, lon: a.lon, lat: a.lat, maxLocationAgeSeconds: deps.dispatch.locationMaxAgeSeconds }));
}

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
