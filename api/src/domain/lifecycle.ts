import { AppError, ErrorCode } from './errors.js';

/**
 * The alert lifecycle, mirrored from schema/README.md: one table of allowed transitions, who may
 * trigger each, and one check. Every service that changes an alert's status goes through
 * `assertTransition`, so the spec and the code cannot drift apart.
 */
export type AlertStatus = 'RAISED' | 'OFFERED' | 'ACKNOWLEDGED' | 'EN_ROUTE' | 'ON_SCENE' | 'RESOLVED' | 'CANCELLED' | 'ESCALATED';
export type Actor = 'PERSON' | 'ADVISOR' | 'OPERATOR' | 'SUPERVISOR' | 'SYSTEM';

export const OPEN_STATUSES: readonly AlertStatus[] = ['RAISED', 'OFFERED', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE', 'ESCALATED'];
/** Open and nobody has taken it yet: it may be offered, claimed or assigned. */
export const UNASSIGNED_STATUSES: readonly AlertStatus[] = ['RAISED', 'OFFERED', 'ESCALATED'];
export const ASSIGNED_STATUSES: readonly AlertStatus[] = ['ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE'];
const OPEN = new Set<string>(OPEN_STATUSES);
const UNASSIGNED = new Set<string>(UNASSIGNED_STATUSES);
const ASSIGNED = new Set<string>(ASSIGNED_STATUSES);
export const isOpen = (s: string): boolean => OPEN.has(s);
export const isUnassigned = (s: string): boolean => UNASSIGNED.has(s);
export const isAssigned = (s: string): boolean => ASSIGNED.has(s);

const CONTROL: Actor[] = ['OPERATOR', 'SUPERVISOR'];

/**
 * What a request asks of the lifecycle: each row below belongs to one move, and a refused move answers
 * with its own message (clients show them; schema/README.md).
 */
export type Move = 'offer' | 'claim' | 'assign' | 'reassign' | 'progress' | 'escalate' | 'resolve' | 'cancel';

/** [move, from, to, actors]: read as "from FROM, ACTORS may move an alert to TO". */
const TABLE: ReadonlyArray<[Move, AlertStatus[], AlertStatus, Actor[]]> = [
  // The system offers an open, unassigned alert to the next candidate.
  ['offer', ['RAISED', 'OFFERED'], 'OFFERED', ['SYSTEM']],
  // An advisor claims, or the control room assigns, an unassigned alert.
  ['claim', ['RAISED', 'OFFERED', 'ESCALATED'], 'ACKNOWLEDGED', ['ADVISOR']],
  ['assign', ['RAISED', 'OFFERED', 'ESCALATED'], 'ACKNOWLEDGED', CONTROL],
  // The control room reassigns an assigned alert to another advisor.
  ['reassign', ['ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE'], 'ACKNOWLEDGED', CONTROL],
  // The assigned advisor (or the control room for them) reports progress.
  ['progress', ['ACKNOWLEDGED'], 'EN_ROUTE', ['ADVISOR', ...CONTROL]],
  ['progress', ['ACKNOWLEDGED', 'EN_ROUTE'], 'ON_SCENE', ['ADVISOR', ...CONTROL]],
  // Nobody took it in time (SYSTEM), or the control room decides it needs them.
  ['escalate', ['RAISED', 'OFFERED'], 'ESCALATED', ['SYSTEM', ...CONTROL]],
  ['escalate', ['ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE'], 'ESCALATED', CONTROL],
  // The assigned advisor resolves what they attended; the control room may resolve any open alert
  // (a false alarm or a duplicate never needs an advisor).
  ['resolve', ['ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE'], 'RESOLVED', ['ADVISOR']],
  ['resolve', ['RAISED', 'OFFERED', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE', 'ESCALATED'], 'RESOLVED', CONTROL],
  // The person cancels their own open alert.
  ['cancel', ['RAISED', 'OFFERED', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE', 'ESCALATED'], 'CANCELLED', ['PERSON']],
];

const allows = (row: (typeof TABLE)[number], from: string, to: AlertStatus, actor: Actor) =>
  row[2] === to && row[1].some((f) => f === from) && row[3].includes(actor);

export function canTransition(from: string, to: AlertStatus, actor: Actor): boolean {
  return TABLE.some((row) => allows(row, from, to, actor));
}

/** The refusal the table gives `move` (null: allowed). The table is the only transition check. */
export function transitionRefusal(move: Move, from: string, to: AlertStatus, actor: Actor): AppError | null {
  if (TABLE.some((row) => row[0] === move && allows(row, from, to, actor))) return null;
  const code = ErrorCode.INVALID_TRANSITION;
  if (move === 'assign') return new AppError(code, `an alert that is ${from} cannot be assigned`, { from });
  if (move === 'reassign') return new AppError(code, `an alert that is ${from} has nobody to reassign from; use assignAlert`, { from });
  // A closed alert: nobody may close it again, whoever asks.
  if ((move === 'resolve' || move === 'cancel') && !isOpen(from)) return new AppError(code, `an alert that is ${from} cannot become ${to}`, { from, to });
  return new AppError(code, `an alert that is ${from} cannot become ${to} by ${actor}`, { from, to });
}

/** Throws INVALID_TRANSITION naming both states when the table does not allow the move. */
export function assertTransition(from: string, to: AlertStatus, actor: Actor): void {
  if (!canTransition(from, to, actor))
    throw new AppError(ErrorCode.INVALID_TRANSITION, `an alert that is ${from} cannot become ${to} by ${actor}`, { from, to });
}

/** Every (from, to, actor) the table allows, for documentation and exhaustive tests. */
export function allowedTransitions(): Array<{ from: AlertStatus; to: AlertStatus; actor: Actor }> {
  return TABLE.flatMap(([, froms, to, actors]) => froms.flatMap((from) => actors.map((actor) => ({ from, to, actor }))));
}

export const DISPOSITIONS = [
  'DETAINED_BY_ICE', 'DETAINED_BY_LOCAL_POLICE', 'NOT_ENFORCEMENT', 'RELEASED_ON_SITE', 'TRANSFERRED',
  'LEGAL_REPRESENTATION_PROVIDED', 'FALSE_ALARM', 'LOST_CONTACT', 'DUPLICATE', 'REFERRED_TO_CONSULATE', 'OTHER',
] as const;
