import type { Queryable } from '../../db/types.js';
import { closesNow, consulatesByShare, severityOf } from '../../domain/incidents/rules.js';
import { incidentsFacts, writeIncidentStates, type IncidentFacts, type RefreshedIncident } from '../../sql/incidentDetection.js';
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
export function refreshIncident(q: Queryable, incidentId: string, causes: readonly IncidentCause[] = [], actor: IncidentActor = DETECTION): Promise<NewIncidentEvent[]> {
  return refreshIncidents(q, [{ incidentId, causes }], actor);
}

/**
 * `refreshIncident` for several incidents at once, in two round trips whatever their number (three when a
 * set of consulates changed): one read of every incident's facts, one write of every decision. A detection
 * pass touches a dozen incidents during the background's load of the raid point; one by one that was two
 * statements each. Each incident once in `changes`; events in its order.
 */
export async function refreshIncidents(
  q: Queryable,
  changes: ReadonlyArray<{ incidentId: string; causes: readonly IncidentCause[] }>,
  actor: IncidentActor = DETECTION,
): Promise<NewIncidentEvent[]> {
  const facts = await incidentsFacts(q, [...new Set(changes.map((c) => c.incidentId))]);
  const decided = changes.flatMap(({ incidentId, causes }) => {
    const f = facts.get(incidentId);
    return f ? [decide(incidentId, f, causes, actor)] : [];
  });
  await writeIncidentStates(q, decided.map((d) => d.state));
  return decided.flatMap((d) => d.events);
}

/** What the rules (domain/incidents/rules.ts) make of one incident's facts: its new state and its events. */
function decide(incidentId: string, f: IncidentFacts, causes: readonly IncidentCause[], actor: IncidentActor): { state: RefreshedIncident; events: NewIncidentEvent[] } {
  const consulates = consulatesByShare(f.shares.map((s) => ({ consulateId: s.consulate_id, alerts: s.alerts, firstAt: new Date(s.first_at) })));
  const before = f.consulates;
  // No alert left (a command moved them all out): it keeps its owner.
  const owner = consulates[0] ?? f.owner;
  const close = closesNow(f.status, f.open_alerts, f.alerts);
  const written = consulates.length ? consulates : [owner];
  const state: RefreshedIncident = {
    incidentId,
    owner,
    consulates: written,
    consulatesChanged: written.length !== before.length || written.some((c) => !before.includes(c)),
    severity: severityOf({ detained: f.detained, raidNearby: f.raid_nearby, people: f.people }),
    alerts: f.alerts,
    openAlerts: f.open_alerts,
    close,
  };
  // A new incident (no consulates yet) is announced by DETECTED, not as a change of owner.
  const previousOwner = before.length ? f.owner : null;
  const audience = [...new Set([owner, ...consulates, ...before])];
  const event = (c: IncidentCause): NewIncidentEvent => ({ incidentId, consulateId: owner, audience, actorKind: actor.kind, actorId: actor.id, ...c });
  const events = causes.map(event);
  if (previousOwner && previousOwner !== owner) events.push(event({ type: 'OWNER_CHANGED', data: { from: previousOwner, to: owner } }));
  if (close) events.push(event({ type: 'CLOSED', note: 'every alert in it is resolved or cancelled' }));
  return { state, events };
}
