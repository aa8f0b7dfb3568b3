import type { Queryable } from '../../db/types.js';
import { closesNow, consulatesByShare, severityOf } from '../../domain/incidents/rules.js';
import { incidentFacts, writeIncidentState } from '../../sql/incidentDetection.js';
import type { NewIncidentEvent } from '../../sql/incidentEvents.js';
import type { IncidentActorKind } from '../../sql/incidentRows.js';

/** What caused a refresh, written first (DETECTED, ALERT_JOINED, ALERT_LEFT, or a command's own event). */
export type IncidentCause = Pick<NewIncidentEvent, 'type' | 'note' | 'data'>;

export interface IncidentActor {
  kind: IncidentActorKind;
  id: string | null;
}
export const DETECTION: IncidentActor = { kind: 'SYSTEM', id: null };

/**
 * Recomputes an incident from its alerts as they are now, after any change to its membership or to one of
 * its alerts (a join, a leave, a close, a hand-over, a merge or split by a command): owner, consulates, shape,
 * counts, severity; closes it when nothing in it is open. Answers the events to append: `causes` first, then
 * OWNER_CHANGED and CLOSED when those happened. Every event goes to the consulates with alerts in it before
 * or after the change, so a consulate whose last alert left sees it leave. The caller holds the incident's
 * row lock and appends the events last in its transaction (sql/incidentEvents.ts).
 */
export async function refreshIncident(q: Queryable, incidentId: string, causes: readonly IncidentCause[] = [], actor: IncidentActor = DETECTION): Promise<NewIncidentEvent[]> {
  const f = await incidentFacts(q, incidentId);
  const consulates = consulatesByShare(f.shares.map((s) => ({ consulateId: s.consulate_id, alerts: s.alerts, firstAt: new Date(s.first_at) })));
  const before = f.consulates;
  // No alert left (a command moved them all out): it keeps its owner.
  const owner = consulates[0] ?? f.owner;
  const close = closesNow(f.status, f.open_alerts, f.alerts);
  const written = consulates.length ? consulates : [owner];
  await writeIncidentState(q, incidentId, {
    owner,
    consulates: written,
    consulatesChanged: written.length !== before.length || written.some((c) => !before.includes(c)),
    severity: severityOf({ detained: f.detained, raidNearby: f.raid_nearby, people: f.people }),
    alerts: f.alerts,
    openAlerts: f.open_alerts,
    close,
  });
  // A new incident (no consulates yet) is announced by DETECTED, not as a change of owner.
  const previousOwner = before.length ? f.owner : null;
  const audience = [...new Set([owner, ...consulates, ...before])];
  const event = (c: IncidentCause): NewIncidentEvent => ({ incidentId, consulateId: owner, audience, actorKind: actor.kind, actorId: actor.id, ...c });
  const out = causes.map(event);
  if (previousOwner && previousOwner !== owner) out.push(event({ type: 'OWNER_CHANGED', data: { from: previousOwner, to: owner } }));
  if (close) out.push(event({ type: 'CLOSED', note: 'every alert in it is resolved or cancelled' }));
  return out;
}
