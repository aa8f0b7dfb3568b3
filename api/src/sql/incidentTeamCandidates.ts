import type { Queryable } from '../db/types.js';
import type { TeamCandidate } from '../domain/incidents/commandsTeam.js';
import { dispatchable, type CandidateQuery } from './candidates.js';

/**
 * The team-restricted variant of `candidatesSql` (sql/candidates.ts), for an alert of a CONFIRMED incident
 * with a team: its team members who are dispatchable right now (the same filter as the common path's), with
 * what they hold (alerts carried, offers open: the partial index alert_offers_advisor_open_idx), nearest
 * first. A team is a few advisors reached by the incident's primary key, so no KNN is needed; the common
 * path's statement is untouched. The pick among them is domain/incidents/commandsTeam.ts `pickTeamMember`.
 */
const TEAM_CANDIDATES = `
  select a.id as advisor_id, a.consulate_id, a.capacity, a.active_alerts,
         (select count(*) from alert_offers o where o.advisor_id = a.id and o.outcome is null)::int as open_offers,
         ST_Distance(a.location, ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography) as distance_m
  from incident_alerts ia
  join incidents i on i.id = ia.incident_id and i.status = 'CONFIRMED'
  join incident_team t on t.incident_id = i.id
  join advisors a on a.id = t.advisor_id
  where ia.alert_id = $1::uuid
    and ${dispatchable({ consulateId: '', lon: '', lat: '', maxLocationAgeSeconds: '$4', neighbourRadiusM: '', alertId: '$1', limit: '' })}
  order by distance_m, a.id`;

interface TeamRow {
  advisor_id: string;
  consulate_id: string;
  capacity: number;
  active_alerts: number;
  open_offers: number;
  distance_m: number;
}

/** The alert's incident team members who may be offered it now (none: not in a confirmed incident with a team). */
export async function teamCandidates(q: Queryable, c: Pick<CandidateQuery, 'alertId' | 'lon' | 'lat' | 'maxLocationAgeSeconds'>): Promise<TeamCandidate[]> {
  const r = await q.query<TeamRow>(TEAM_CANDIDATES, [c.alertId, c.lon, c.lat, c.maxLocationAgeSeconds], { name: 'incident_team_candidates' });
  return r.rows.map((x) => ({
    advisorId: x.advisor_id, consulateId: x.consulate_id, distanceM: Number(x.distance_m),
    capacity: Number(x.capacity), activeAlerts: Number(x.active_alerts), openOffers: Number(x.open_offers),
  }));
}
