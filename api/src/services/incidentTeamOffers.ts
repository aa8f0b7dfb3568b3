import { pickTeamMember, type TeamCandidate } from '../domain/incidents/commandsTeam.js';
import { teamCandidates } from '../sql/incidentTeamCandidates.js';
import { lockTeamOffersOf } from '../sql/incidentCommands.js';
import type { LockedAlert } from '../sql/dispatch.js';
import type { DispatchTx } from './dispatchTx.js';
import type { OfferDeps } from './offers.js';

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
