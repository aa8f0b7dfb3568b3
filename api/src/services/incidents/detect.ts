import type { Queryable } from '../../db/types.js';
import type { IncidentConfig } from '../../incidentsConfig.js';
import { isIncident, isLiveIncident } from '../../domain/incidents/rules.js';
import {
  addMembers, alertAndMembership, type Membership, insertIncident, isAwayFromOtherMembers, lockFollowingMerges, removeMember,
  walkAndJoinNearest,
} from '../../sql/incidentDetection.js';
import type { NewIncidentEvent } from '../../sql/incidentEvents.js';
import { refreshIncident, type IncidentCause } from './refresh.js';

/**
 * Recomputes an incident after a change to it (refresh.ts), or notes the change for one recomputation later
 * in the same transaction (a detection pass refreshes each incident it touched once, at its end).
 */
export type Refresh = (incidentId: string, causes: readonly IncidentCause[]) => Promise<NewIncidentEvent[]>;

/**
 * What one alert's change (raised, moved, handed over, resolved, cancelled) means for incidents, from the
 * database as it is now; answers the incident events to append. Idempotent: run twice, the second run finds
 * nothing to do but a refresh that changes nothing.
 *
 * - In an incident: it stays there (closing or not: the incident counts it and closes when none is open),
 *   unless it is open and moved farther than the radius from every other alert of its live incident: then it
 *   leaves (ALERT_LEFT) and is looked at afresh where it is now.
 * - Open and in none: with the open alerts in no incident linked to it by near pairs it joins the oldest
 *   live incident near any of them (ALERT_JOINED for each; one bridging two incidents joins the older, and
 *   merging is left to the operator), or, from enough people, they become a new incident (DETECTED).
 */
export async function incidentsAfterAlertChange(
  q: Queryable,
  alertId: string,
  cfg: IncidentConfig,
  refresh: Refresh = (id, causes) => refreshIncident(q, id, causes),
  change: 'raised only' | 'any' = 'any',
  /** The alert's membership when the caller read it already (a pass reads all of its alerts' at once). */
  known?: Membership | null,
): Promise<NewIncidentEvent[]> {
  const found = known === undefined ? await alertAndMembership(q, alertId) : known;
  if (!found) return [];
  const { open, member } = found;
  const out: NewIncidentEvent[] = [];
  // Raised and nothing since, yet in an incident: a pass took it in with a neighbour's cluster, where it was
  // raised, and recomputed that incident then. Nothing moved or closed: nothing to look at (during a raid,
  // most alerts; checking whether each had moved away and recomputing its incident was half of detection).
  if (member && change === 'raised only') return [];
  if (member) {
    if (!(open && isLiveIncident(member.status) && (await isAwayFromOtherMembers(q, alertId, member.id, cfg.radiusM)))) {
      return refresh(member.id, []);
    }
    await removeMember(q, member.id, alertId);
    out.push(...(await refresh(member.id, [{ type: 'ALERT_LEFT', data: { alertId }, note: 'moved away from the others' }])));
  }
  if (!open) return out;
  out.push(...(await detectAround(q, alertId, cfg, refresh)));
  return out;
}

async function detectAround(q: Queryable, alertId: string, cfg: IncidentConfig, refresh: Refresh): Promise<NewIncidentEvent[]> {
  // Usually one statement: the walk, the nearest live incident locked, the cluster added to it.
  const walked = await walkAndJoinNearest(q, alertId, cfg);
  const joinedTo = (id: string, joined: readonly string[]) => refresh(id, joined.map((a) => ({ type: 'ALERT_JOINED', data: { alertId: a } })));
  if (walked.near && walked.target && isLiveIncident(walked.target.status)) return joinedTo(walked.near, walked.joined);
  const ids = walked.cluster.map((c) => c.id);
  // An operator merged it while the walk looked: the incident it was merged into takes the cluster.
  const merged = walked.target?.status === 'MERGED' && walked.target.merged_into ? await lockFollowingMerges(q, walked.target.merged_into) : null;
  if (merged && isLiveIncident(merged.status)) return joinedTo(merged.id, await addMembers(q, merged.id, ids));
  if (!isIncident(new Set(walked.cluster.map((c) => c.person_id)).size, cfg.minAlerts)) return [];
  const { id, members } = await insertIncident(q, ids);
  return refresh(id, [{ type: 'DETECTED', data: { alertIds: members } }]);
}
