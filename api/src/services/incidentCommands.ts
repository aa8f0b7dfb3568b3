import type { Db, TxQueryable } from '../db/types.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import type { Viewer } from '../domain/viewer.js';
import { commandRefusal, decideConfirm, decideDismiss, idList, liveRefusal, type IncidentState } from '../domain/incidents/commands.js';
import { advisorRefusal } from '../domain/incidents/commandsTeam.js';
import { noticeRecipients, type IncidentNotice } from '../domain/incidents/commandsNotice.js';
import { advisorsFacts, alertsOfIncident, consulatesOfIncident, lockIncidents, setIncidentStatus, setLead, setTeam } from '../sql/incidentCommands.js';
import { appendIncidentEvents, type NewIncidentEvent } from '../sql/incidentEvents.js';
import { refreshIncidents, type IncidentCause } from './incidents/refresh.js';
import { appendEvents } from '../sql/events.js';
import { insertAudit } from '../sql/privacy.js';

/**
 * The control room's commands on incidents (schema/incidentCommands.graphql). Each is one transaction: the
 * incidents locked (sql/incidentCommands.ts, ascending id), who may command decided from the locked rows
 * (domain/incidents/commands.ts), the state's rule, the writes, the audit row and the incident events, all
 * committed together or not at all. Answers the id of the incident to return.
 */

/** What a command's body wrote: the incident to answer and its events (none: nothing changed, a retry). */
export interface CommandOutcome {
  incidentId: string;
  events: Array<IncidentCause & { incidentId: string }>;
  /** Done after the incident events, last: steps on the persons' alert streams (postIncidentStatus). */
  after?: (q: TxQueryable) => Promise<void>;
}

/** An incident id as sent: one that is not a UUID cannot exist. */
export function incidentId(id: string): string {
  if (!isUuid(id)) throw new AppError(ErrorCode.NOT_FOUND, 'incident not found');
  return id.toLowerCase();
}

/** A decision's refusal, thrown (the transaction rolls back: nothing changed). */
export const orThrow = <T>(d: T | AppError): T => {
  if (d instanceof AppError) throw d;
  return d;
};

export async function runCommand(
  db: Db, v: Viewer, action: string, ids: readonly string[],
  body: (q: TxQueryable, incidents: Array<IncidentState & { lead_advisor_id: string | null }>) => Promise<CommandOutcome>,
): Promise<string> {
  return db.tx(async (q) => {
    const locked = await lockIncidents(q, ids);
    const found = ids.map((id) => locked.get(id) ?? null);
    orThrow(commandRefusal(v, found) ?? null);
    const out = await body(q, found as Array<IncidentState & { lead_advisor_id: string | null }>);
    // Audited with the change, in its transaction: a command and its audit row commit together.
    await insertAudit(q, [{ actorRole: v.role, actorId: v.sub, action, subjectType: 'incident', subjectId: ids[0]! }]);
    await appendIncidentEvents(q, await refreshed(q, v, out.events));
    if (out.after) await out.after(q);
    return out.incidentId;
  });
}

/**
 * Each incident the command touched, refreshed from its alerts as they now are (owner, consulates, shape,
 * counts: services/incidents/refresh.ts), in order of first mention, with the command's events as causes:
 * the events to append, each to every consulate with alerts in the incident before or after.
 */
async function refreshed(q: TxQueryable, v: Viewer, events: CommandOutcome['events']): Promise<NewIncidentEvent[]> {
  const actor = { kind: v.role as 'OPERATOR' | 'SUPERVISOR', id: v.sub };
  const changes = [...new Set(events.map((e) => e.incidentId))].map((incidentId) => ({
    incidentId,
    causes: events.filter((e) => e.incidentId === incidentId).map(({ incidentId: _, ...c }) => c),
  }));
  return refreshIncidents(q, changes, actor);
}

export function confirmIncident(db: Db, v: Viewer, id: string): Promise<string> {
  return runCommand(db, v, 'INCIDENT_CONFIRM', [incidentId(id)], async (q, [i]) => {
    const d = orThrow(decideConfirm(i!));
    if ('unchanged' in d) return { incidentId: i!.id, events: [] };
    await setIncidentStatus(q, i!.id, d.to);
    return { incidentId: i!.id, events: [{ incidentId: i!.id, type: 'CONFIRMED' }] };
  });
}

/** See decideDismiss: the alerts stay linked to it and are dispatched one by one as usual. */
export function dismissIncident(db: Db, v: Viewer, id: string, reason: string | null): Promise<string> {
  return runCommand(db, v, 'INCIDENT_DISMISS', [incidentId(id)], async (q, [i]) => {
    const d = orThrow(decideDismiss(i!));
    if ('unchanged' in d) return { incidentId: i!.id, events: [] };
    await setIncidentStatus(q, i!.id, d.to);
    return { incidentId: i!.id, events: [{ incidentId: i!.id, type: 'DISMISSED', note: reason }] };
  });
}

export function setIncidentLead(db: Db, v: Viewer, id: string, advisorId: string | null): Promise<string> {
  const lead = advisorId === null ? null : orThrow(idList([advisorId], 'advisorId', 'advisor'))[0]!;
  return runCommand(db, v, 'INCIDENT_SET_LEAD', [incidentId(id)], async (q, [i]) => {
    orThrow(liveRefusal(i!, 'set the lead of') ?? null);
    if (lead) orThrow(advisorRefusal(await advisorsFacts(q, [lead]), await consulatesOfIncident(q, i!.id), 'advisorId') ?? null);
    if (lead === i!.lead_advisor_id) return { incidentId: i!.id, events: [] };
    await setLead(q, i!.id, lead);
    return { incidentId: i!.id, events: [{ incidentId: i!.id, type: 'LEAD_SET', data: { advisorId: lead } }] };
  });
}

/** The whole team, replaced; an empty list disbands it. */
export function setIncidentTeam(db: Db, v: Viewer, id: string, advisorIds: readonly string[]): Promise<string> {
  const team = orThrow(idList(advisorIds, 'advisorIds', 'advisor', { mayBeEmpty: true }));
  return runCommand(db, v, 'INCIDENT_SET_TEAM', [incidentId(id)], async (q, [i]) => {
    orThrow(liveRefusal(i!, 'set the team of') ?? null);
    if (team.length) orThrow(advisorRefusal(await advisorsFacts(q, team), await consulatesOfIncident(q, i!.id), 'advisorIds') ?? null);
    await setTeam(q, i!.id, team);
    return { incidentId: i!.id, events: [{ incidentId: i!.id, type: 'TEAM_SET', data: { advisorIds: team } }] };
  });
}

/**
 * One INCIDENT_NOTICE step on each recipient's alert (domain/incidents/commandsNotice.ts), appended after the
 * incident's event in the same transaction: the persons' streams and the control room's see it at commit.
 * The step changes no status (from and to null): nothing that follows statuses (SMS, the phone's end of
 * stream) takes it for one. Its note is the notice, worded by `summary` in the reader's language.
 */
export function postIncidentStatus(db: Db, v: Viewer, id: string, notice: IncidentNotice): Promise<string> {
  return runCommand(db, v, 'INCIDENT_POST_STATUS', [incidentId(id)], async (q, [i]) => {
    orThrow(liveRefusal(i!, 'post a status to') ?? null);
    const to = noticeRecipients(await alertsOfIncident(q, i!.id));
    return {
      incidentId: i!.id,
      events: [{ incidentId: i!.id, type: 'STATUS_POSTED', note: notice, data: { recipients: to.length } }],
      after: async (tq) => {
        await appendEvents(tq, to.map((a) => ({
          alertId: a.id, consulateId: a.consulate_id, type: 'INCIDENT_NOTICE', fromStatus: null, toStatus: null,
          actorRole: v.role, actorId: v.sub, note: notice,
        })));
      },
    };
  });
}
