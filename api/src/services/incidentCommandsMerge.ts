import type { Db } from '../db/types.js';
import type { Viewer } from '../domain/viewer.js';
import { decideMerge, decideSplit, idList } from '../domain/incidents/commands.js';
import { alertsOfIncident, moveIncidentsInto, setIncidentStatus, splitOff } from '../sql/incidentCommands.js';
import { incidentId, orThrow, runCommand } from './incidentCommands.js';

/**
 * `from` into `into` (domain/incidents/commands.ts decideMerge). Every incident of the merge is locked
 * before anything moves (ascending id: sql/incidentCommands.ts), so an alert joining a source at the same
 * moment ends up in exactly one live incident. The merged incident's place, counts, owner and consulates are
 * recomputed; each source ends MERGED, empty, with `merged_into` set.
 */
export function mergeIncidents(db: Db, v: Viewer, into: string, from: readonly string[]): Promise<string> {
  const target = incidentId(into);
  const sources = orThrow(idList(from, 'from', 'incident'));
  return runCommand(db, v, 'INCIDENT_MERGE', [target, ...sources.filter((s) => s !== target)], async (q, [i, ...fs]) => {
    const d = orThrow(decideMerge(i!, sources.includes(target) ? [...fs, i!] : fs));
    const moved = await moveIncidentsInto(q, target, sources);
    for (const s of sources) await setIncidentStatus(q, s, 'MERGED', target);
    if (d.status !== i!.status) await setIncidentStatus(q, target, d.status);
    return {
      incidentId: target,
      events: [
        ...sources.map((s) => ({ incidentId: s, type: 'MERGED' as const, data: { into: target } })),
        { incidentId: target, type: 'MERGED' as const, data: { from: sources, alertsMoved: moved } },
      ],
    };
  });
}

/** `alertIds` of the incident move to a new one (decideSplit); both are refreshed. Answers the new one. */
export function splitIncident(db: Db, v: Viewer, id: string, alertIds: readonly string[]): Promise<string> {
  const alerts = orThrow(idList(alertIds, 'alertIds', 'alert'));
  return runCommand(db, v, 'INCIDENT_SPLIT', [incidentId(id)], async (q, [i]) => {
    const members = new Set((await alertsOfIncident(q, i!.id)).map((a) => a.id));
    const d = orThrow(decideSplit(i!, members, alerts));
    const created = await splitOff(q, i!.id, d.status, alerts);
    return {
      incidentId: created,
      events: [
        { incidentId: i!.id, type: 'SPLIT', data: { into: created, alertIds: alerts } },
        { incidentId: created, type: 'SPLIT', data: { from: i!.id, alertIds: alerts } },
      ],
    };
  });
}
