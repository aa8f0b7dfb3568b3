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
export const isOpen = (s: string) => (OPEN_STATUSES as readonly string[]).includes(s);

const CONTROL: Actor[] = ['OPERATOR', 'SUPERVISOR'];

/** [from, to, actors]: read as "from FROM, ACTORS may move an alert to TO". */
const TABLE: ReadonlyArray<[AlertStatus[], AlertStatus, Actor[]]> = [
  // The system offers an open, unassigned alert to the next candidate.
  [['RAISED', 'OFFERED'], 'OFFERED', ['SYSTEM']],
  // An advisor claims, or the control room assigns, an unassigned alert.
  [['RAISED', 'OFFERED', 'ESCALATED'], 'ACKNOWLEDGED', ['ADVISOR', ...CONTROL]],
  // The control room reassigns an assigned alert to another advisor.
  [['ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE'], 'ACKNOWLEDGED', CONTROL],
  // The assigned advisor (or the control room for them) reports progress.
  [['ACKNOWLEDGED'], 'EN_ROUTE', ['ADVISOR', ...CONTROL]],
  [['ACKNOWLEDGED', 'EN_ROUTE'], 'ON_SCENE', ['ADVISOR', ...CONTROL]],
  // Nobody took it in time (SYSTEM), or the control room decides it needs them.
  [['RAISED', 'OFFERED'], 'ESCALATED', ['SYSTEM', ...CONTROL]],
  [['ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE'], 'ESCALATED', CONTROL],
  // The assigned advisor resolves what they attended; the control room may resolve any open alert
  // (a false alarm or a duplicate never needs an advisor).
  [['ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE'], 'RESOLVED', ['ADVISOR']],
  [['RAISED', 'OFFERED', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE', 'ESCALATED'], 'RESOLVED', CONTROL],
  // The person cancels their own open alert.
  [['RAISED', 'OFFERED', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE', 'ESCALATED'], 'CANCELLED', ['PERSON']],
];

export function canTransition(from: string, to: AlertStatus, actor: Actor): boolean {
  return TABLE.some(([froms, t, actors]) => t === to && (froms as string[]).includes(from) && actors.includes(actor));
}

/** Throws INVALID_TRANSITION naming both states when the table does not allow the move. */
export function assertTransition(from: string, to: AlertStatus, actor: Actor): void {
  if (!canTransition(from, to, actor))
    throw new AppError(ErrorCode.INVALID_TRANSITION, `an alert that is ${from} cannot become ${to} by ${actor}`, { from, to });
}

/** Every (from, to, actor) the table allows, for documentation and exhaustive tests. */
export function allowedTransitions(): Array<{ from: AlertStatus; to: AlertStatus; actor: Actor }> {
  return TABLE.flatMap(([froms, to, actors]) => froms.flatMap((from) => actors.map((actor) => ({ from, to, actor }))));
}

export const DISPOSITIONS = [
  'DETAINED_BY_ICE', 'DETAINED_BY_LOCAL_POLICE', 'NOT_ENFORCEMENT', 'RELEASED_ON_SITE', 'TRANSFERRED',
  'LEGAL_REPRESENTATION_PROVIDED', 'FALSE_ALARM', 'LOST_CONTACT', 'DUPLICATE', 'REFERRED_TO_CONSULATE', 'OTHER',
] as const;
