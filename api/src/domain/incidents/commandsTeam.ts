import { AppError, ErrorCode, badInput } from '../errors.js';

/**
 * Who may lead or be on an incident's team, and whom a joining alert is offered to first. Pure.
 *
 * Eligible advisors: active, and of a consulate that may act where the incident is: its owner, or any other
 * consulate with alerts in it (an incident straddling a district border is that neighbour's concern too;
 * it sees the incident, and its advisors may already be nearer). A consulate with no alert in it may not
 * send its advisors through a command: that is a hand-over, not a team.
 */

/** An advisor as the command reads them (null: no such advisor). */
export interface AdvisorFacts {
  id: string;
  consulate_id: string;
  active: boolean;
}

/** The first advisor who may not serve on the incident, as a refusal (null: all may). */
export function advisorRefusal(advisors: ReadonlyArray<AdvisorFacts | null>, mayAct: ReadonlySet<string>, field: string): AppError | null {
  if (advisors.some((a) => a === null)) return new AppError(ErrorCode.NOT_FOUND, 'advisor not found', { field });
  const inactive = advisors.find((a) => !a!.active);
  if (inactive) return badInput(`${field}: advisor ${inactive.id} is deactivated`, field);
  const outside = advisors.find((a) => !mayAct.has(a!.consulate_id));
  if (outside) return badInput(`${field}: advisor ${outside.id} is of consulate ${outside.consulate_id}, which has no alerts in this incident`, field);
  return null;
}

/** A team member as a team-first offer weighs them: where they are and what they already hold. */
export interface TeamCandidate {
  advisorId: string;
  consulateId: string;
  distanceM: number;
  capacity: number;
  activeAlerts: number;
  /** Offers made to them and not yet answered (of any alert). */
  openOffers: number;
}

/**
 * The team member a joining alert is offered to: the nearest one who still has room, counting the offers
 * they hold as well as the alerts they carry (so 20 alerts arriving at once are spread over the team, not
 * all offered to the nearest member, who can take one); ties by id. Null: nobody on the team can take it,
 * and the alert goes to normal dispatch. Candidates come already filtered to members who are dispatchable
 * (active, available, fresh plausible position, not offered this alert before: sql/incidentTeamCandidates.ts).
 */
export function pickTeamMember(candidates: readonly TeamCandidate[]): TeamCandidate | null {
  const room = candidates.filter((c) => c.activeAlerts + c.openOffers < c.capacity);
  room.sort((a, b) => a.distanceM - b.distanceM || a.advisorId.localeCompare(b.advisorId));
  return room[0] ?? null;
}

/** Team-first offers apply to alerts of a CONFIRMED incident that has a team. */
export const teamFirstApplies = (incident: { status: string; teamSize: number } | null): boolean =>
  !!incident && incident.status === 'CONFIRMED' && incident.teamSize > 0;

/**
 * An alert that has just joined a CONFIRMED incident with a team was already offered by normal dispatch at
 * its raise (detection runs after it). Still untaken (RAISED or OFFERED, nobody assigned) and not already
 * offered to a team member: its open offer, if any, is withdrawn and it is offered to `pick`. Otherwise, or
 * with nobody on the team free (`pick` null), it stays in normal dispatch: null.
 */
export function decideTeamFirstOnJoin(
  a: { status: string; assigned_advisor_id: string | null; current_offer_id: number | string | null },
  pick: TeamCandidate | null,
  offeredToTeam: boolean,
): { withdraw: number | null; offer: TeamCandidate } | null {
  if (!pick || offeredToTeam || a.assigned_advisor_id !== null || (a.status !== 'RAISED' && a.status !== 'OFFERED')) return null;
  return { withdraw: a.current_offer_id === null ? null : Number(a.current_offer_id), offer: pick };
}
