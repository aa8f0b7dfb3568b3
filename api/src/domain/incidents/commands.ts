import { AppError, ErrorCode, badInput } from '../errors.js';
import { isUuid } from '../ids.js';
import type { Viewer } from '../viewer.js';

/**
 * The control room's commands on an incident (schema/incidentCommands.graphql), as pure decisions in the
 * style of domain/dispatch/: the state comes in as read (and locked) by services/incidentCommands*.ts, a
 * refusal comes out as a value (an `AppError`, never thrown here), or what to write. Order of checks, cheapest
 * first: the request's shape (before any read), then who asks (read from the incident's row, never from a
 * value the client sends), then the incident's state.
 */

export type IncidentStatus = 'DETECTED' | 'CONFIRMED' | 'DISMISSED' | 'CLOSED' | 'MERGED';

/** The incident row a command looks at. */
export interface IncidentState {
  id: string;
  consulate_id: string;
  status: IncidentStatus;
}

/** Most ids one command takes (merge `from`, split `alertIds`, team `advisorIds`): a raid is 300 alerts. */
export const MAX_COMMAND_IDS = 500;

/** Live: still attracting alerts and open to commands. DISMISSED, CLOSED and MERGED are final. */
export const LIVE_STATUSES: readonly IncidentStatus[] = ['DETECTED', 'CONFIRMED'];
export const isLive = (s: IncidentStatus) => LIVE_STATUSES.includes(s);

/** Nothing to write: a retry of what already happened (confirming a confirmed incident) succeeds as it is. */
export const UNCHANGED = { unchanged: true } as const;

/**
 * A list of ids as sent: each a UUID (an id that is not one cannot exist: NOT_FOUND), at most
 * `MAX_COMMAND_IDS`, duplicates dropped (a set's meaning), and not empty unless `mayBeEmpty`.
 */
export function idList(ids: readonly string[], field: string, what: string, opts: { mayBeEmpty?: boolean } = {}): string[] | AppError {
  if (ids.length > MAX_COMMAND_IDS) return badInput(`${field}: at most ${MAX_COMMAND_IDS} ids, got ${ids.length}`, field);
  if (ids.length === 0 && !opts.mayBeEmpty) return badInput(`${field}: at least one id is required`, field);
  const bad = ids.find((id) => !isUuid(id));
  if (bad !== undefined) return new AppError(ErrorCode.NOT_FOUND, `${what} not found`, { field });
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

/**
 * Who may command these incidents: a SUPERVISOR any; an OPERATOR only incidents their own consulate owns
 * (the owner as stored, `incidents.consulate_id`: a neighbour whose alerts are in it sees it but does not
 * command it); anyone else, nobody. An id that matches no incident: NOT_FOUND.
 */
export function commandRefusal(v: Pick<Viewer, 'role' | 'consulateId'>, incidents: ReadonlyArray<IncidentState | null>): AppError | null {
  if (v.role !== 'SUPERVISOR' && v.role !== 'OPERATOR') return forbiddenToCommand();
  if (incidents.some((i) => i === null)) return new AppError(ErrorCode.NOT_FOUND, 'incident not found');
  if (v.role === 'OPERATOR' && incidents.some((i) => i!.consulate_id !== v.consulateId)) return forbiddenToCommand();
  return null;
}

const forbiddenToCommand = () => new AppError(ErrorCode.FORBIDDEN, 'only the owning consulate\'s operators or a supervisor may command this incident');

const notLive = (i: IncidentState, command: string) =>
  new AppError(ErrorCode.INVALID_TRANSITION, `cannot ${command} an incident that is ${i.status}`, { incidentId: i.id, status: i.status });

/** DETECTED becomes CONFIRMED; confirming a confirmed one again changes nothing (a retry). */
export function decideConfirm(i: IncidentState): { to: 'CONFIRMED' } | typeof UNCHANGED | AppError {
  if (i.status === 'CONFIRMED') return UNCHANGED;
  return i.status === 'DETECTED' ? { to: 'CONFIRMED' } : notLive(i, 'confirm');
}

/**
 * A false cluster: DETECTED or CONFIRMED becomes DISMISSED, for good. Its alerts stay linked to it (so
 * detection never gathers them into a new incident: the cluster was judged false) and are dispatched as any
 * alert is: team-first offers apply only to CONFIRMED incidents. Dismissing a dismissed one changes nothing.
 */
export function decideDismiss(i: IncidentState): { to: 'DISMISSED' } | typeof UNCHANGED | AppError {
  if (i.status === 'DISMISSED') return UNCHANGED;
  return isLive(i.status) ? { to: 'DISMISSED' } : notLive(i, 'dismiss');
}

/**
 * `from` merged into `into`: every one live (a DISMISSED, CLOSED or MERGED incident is final and cannot be
 * mixed with a live one: INVALID_TRANSITION naming it), none of them `into`. The merged incident is
 * CONFIRMED when any of them was (a merge never takes back a confirmation), DETECTED otherwise.
 */
export function decideMerge(into: IncidentState, from: readonly IncidentState[]): { status: IncidentStatus } | AppError {
  if (from.some((f) => f.id === into.id)) return badInput('from: an incident cannot be merged into itself', 'from');
  for (const i of [into, ...from]) if (!isLive(i.status)) return notLive(i, 'merge');
  return { status: [into, ...from].some((i) => i.status === 'CONFIRMED') ? 'CONFIRMED' : 'DETECTED' };
}

/**
 * Moves `alertIds` (every one of them the incident's) into a new incident of the same status; the incident
 * keeps at least one alert (splitting off all of them would be a rename). The new one has no lead or team.
 */
export function decideSplit(i: IncidentState, members: ReadonlySet<string>, alertIds: readonly string[]): { status: IncidentStatus } | AppError {
  if (!isLive(i.status)) return notLive(i, 'split');
  const outside = alertIds.filter((a) => !members.has(a));
  if (outside.length) return badInput(`alertIds: ${outside.length} of them are not in this incident`, 'alertIds');
  if (alertIds.length >= members.size) return badInput('alertIds: the incident must keep at least one of its alerts', 'alertIds');
  return { status: i.status };
}

/** Posting a status or setting a lead or team needs a live incident. */
export const liveRefusal = (i: IncidentState, command: string): AppError | null => (isLive(i.status) ? null : notLive(i, command));
