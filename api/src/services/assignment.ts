import type { Queryable } from '../db/types.js';
import { AppError, ErrorCode, badInput, notFound } from '../domain/errors.js';
import { ASSIGNED_STATUSES, DISPOSITIONS, UNASSIGNED_STATUSES, assertTransition, isOpen, type AlertStatus } from '../domain/lifecycle.js';
import type { Viewer } from '../domain/viewer.js';
import { lockAlert, setAssignedAdvisor, setResolution, settleOffer, type LockedAlert } from '../sql/dispatch.js';
import { advisorById, releaseCapacity, reserveCapacity } from '../sql/roster.js';
import { activeAdvisor, advisorMayAct } from './advisorScope.js';
import { dispatchTx, transition, type ActorRef, type DispatchDeps } from './transition.js';
import { alreadyDone } from './retry.js';

const actorOf = (v: Viewer): ActorRef => ({ role: v.role, id: v.role === 'ADVISOR' ? v.advisorId! : v.sub });

/** Locks an alert the viewer may act on; anything else is NOT_FOUND, so refusals never reveal existence. */
async function lockVisible(q: Queryable, _deps: DispatchDeps, v: Viewer, id: string): Promise<LockedAlert> {
  // An advisor's scope (services/advisorScope.ts): active, and their consulate or what was put in their hands.
  const me = v.role === 'ADVISOR' ? await activeAdvisor(q, v.advisorId) : null;
  const a = await lockAlert(q, id);
  if (!a) throw notFound('alert');
  if (v.role === 'SUPERVISOR') return a;
  if (v.role === 'OPERATOR' && a.consulate_id === v.consulateId) return a;
  if (me && advisorMayAct(me, a)) return a;
  throw notFound('alert');
}

/** Closes the current offer (if any) as accepted by `advisorId`, or withdrawn for anyone else. */
async function closeOffer(q: Queryable, a: LockedAlert, advisorId: string | null) {
  if (a.current_offer_id !== null) await settleOffer(q, Number(a.current_offer_id), a.offer_advisor_id === advisorId ? 'ACCEPTED' : 'WITHDRAWN');
}

async function takeCapacity(q: Queryable, advisorId: string) {
  if (!(await reserveCapacity(q, advisorId)))
    throw new AppError(ErrorCode.ADVISOR_AT_CAPACITY, 'the advisor is inactive or already carries as many alerts as their capacity allows');
}

async function unassign(q: Queryable, a: LockedAlert) {
  if (!a.assigned_advisor_id) return;
  await releaseCapacity(q, a.assigned_advisor_id);
  await setAssignedAdvisor(q, a.id, null);
  a.assigned_advisor_id = null;
}

/** An advisor takes an open alert: exactly one wins; the rest get ALREADY_CLAIMED. */
export async function claimAlert(deps: DispatchDeps, v: Viewer, id: string): Promise<void> {
  await dispatchTx(deps.db, async (q) => {
    // A deactivated advisor is FORBIDDEN whatever the alert (lockVisible checks it before the alert).
    const a = await lockVisible(q, deps, v, id);
    // Already theirs (a retry after a lost answer): the same success, nothing written (domain/retry.ts).
    if (await alreadyDone(q, a, { op: 'claim', advisorId: v.advisorId! })) return;
    if ((ASSIGNED_STATUSES as readonly string[]).includes(a.status)) throw new AppError(ErrorCode.ALREADY_CLAIMED, 'this alert was already claimed');
    // Fix: check the lifecycle before capacity, so a claim of a RESOLVED or CANCELLED alert is always
    // INVALID_TRANSITION (it was ADVISOR_AT_CAPACITY when the claiming advisor happened to be full).
    assertTransition(a.status, 'ACKNOWLEDGED', 'ADVISOR');
    const me = v.advisorId!;
    await takeCapacity(q, me);
    await closeOffer(q, a, me);
    await transition(q, a, 'ACKNOWLEDGED', actorOf(v), { note: 'claimed' });
    await setAssignedAdvisor(q, a.id, me);
  });
}

/** The control room assigns an unassigned alert, or (`reassign`) moves an assigned one to another advisor. */
export async function assignAlert(deps: DispatchDeps, v: Viewer, id: string, advisorId: string, reassign: boolean): Promise<void> {
  await dispatchTx(deps.db, async (q) => {
    const a = await lockVisible(q, deps, v, id);
    const advisor = await advisorById(q, advisorId);
    if (!advisor || !advisor.active || (v.role === 'OPERATOR' && advisor.consulate_id !== v.consulateId)) throw notFound('advisor');
    if (await alreadyDone(q, a, { op: 'assign', advisorId })) return;
    const assigned = (ASSIGNED_STATUSES as readonly string[]).includes(a.status);
    if (!reassign && assigned) throw new AppError(ErrorCode.ALREADY_CLAIMED, 'this alert is already assigned; use reassignAlert');
    if (reassign && !assigned) throw new AppError(ErrorCode.INVALID_TRANSITION, `an alert that is ${a.status} has nobody to reassign from; use assignAlert`, { from: a.status });
    // Fix: the lifecycle is checked before "already theirs": a closed alert keeps the advisor who attended
    // it on record, and assigning it to them again answered BAD_USER_INPUT instead of INVALID_TRANSITION.
    if (!(UNASSIGNED_STATUSES as readonly string[]).includes(a.status) && !assigned) throw new AppError(ErrorCode.INVALID_TRANSITION, `an alert that is ${a.status} cannot be assigned`, { from: a.status });
    if (a.assigned_advisor_id === advisorId) throw badInput('the alert is already assigned to this advisor', 'advisorId');
    await unassign(q, a);
    await takeCapacity(q, advisorId);
    await closeOffer(q, a, advisorId);
    await transition(q, a, 'ACKNOWLEDGED', actorOf(v), { type: reassign ? 'REASSIGNED' : 'ASSIGNED' });
    await setAssignedAdvisor(q, a.id, advisorId);
  });
}

/** The control room takes over: the alert leaves any advisor and waits for the control room to act. */
export async function escalateAlert(deps: DispatchDeps, v: Viewer, id: string, note: string | null): Promise<void> {
  await dispatchTx(deps.db, async (q) => {
    const a = await lockVisible(q, deps, v, id);
    if (await alreadyDone(q, a, { op: 'escalate', by: actorOf(v), note })) return;
    await closeOffer(q, a, null);
    await transition(q, a, 'ESCALATED', actorOf(v), { note });
    await unassign(q, a);
  });
}

/** The assigned advisor reports EN_ROUTE or ON_SCENE (the control room may report for them). */
export async function progressAlert(deps: DispatchDeps, v: Viewer, id: string, to: Extract<AlertStatus, 'EN_ROUTE' | 'ON_SCENE'>): Promise<void> {
  await dispatchTx(deps.db, async (q) => {
    const a = await lockVisible(q, deps, v, id);
    if (v.role === 'ADVISOR' && a.assigned_advisor_id !== v.advisorId) throw new AppError(ErrorCode.FORBIDDEN, 'only the assigned advisor reports progress');
    if (await alreadyDone(q, a, { op: 'progress', to, by: actorOf(v) })) return;
    await transition(q, a, to, actorOf(v));
  });
}

/** Closes an alert with a disposition; frees the assigned advisor's capacity. */
export async function resolveAlert(deps: DispatchDeps, v: Viewer, id: string, disposition: string, note: string | null): Promise<void> {
  if (!(DISPOSITIONS as readonly string[]).includes(disposition)) throw badInput(`disposition must be one of ${DISPOSITIONS.join(', ')}`, 'disposition');
  if (note !== null && [...note].length > 2000) throw badInput('note must be at most 2000 characters', 'note');
  await dispatchTx(deps.db, async (q) => {
    const a = await lockVisible(q, deps, v, id);
    if (v.role === 'ADVISOR' && a.assigned_advisor_id !== v.advisorId) throw new AppError(ErrorCode.FORBIDDEN, 'only the assigned advisor resolves');
    if (await alreadyDone(q, a, { op: 'resolve', by: actorOf(v), disposition, note })) return;
    if (!isOpen(a.status)) throw new AppError(ErrorCode.INVALID_TRANSITION, `an alert that is ${a.status} cannot become RESOLVED`, { from: a.status, to: 'RESOLVED' });
    await closeOffer(q, a, null);
    await transition(q, a, 'RESOLVED', actorOf(v), { note: disposition });
    await setResolution(q, a.id, disposition, note);
    // The advisor stays on record as the one who attended; only their capacity is freed.
    if (a.assigned_advisor_id) await releaseCapacity(q, a.assigned_advisor_id);
  });
}
