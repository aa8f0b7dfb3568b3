import type { Queryable } from '../db/types.js';
import type { AlertStatus } from '../domain/lifecycle.js';
import type { Request } from '../domain/retry.js';
import type { Viewer } from '../domain/viewer.js';
import { isRefusal, type Decision } from '../domain/dispatch/plan.js';
import { actorOf } from '../domain/dispatch/visibility.js';
import { decideAssign, decideClaim } from '../domain/dispatch/take.js';
import { decideEscalate, decideProgress, decideResolve, resolveInputRefusal, type ChangeState } from '../domain/dispatch/progress.js';
import { lockAlert, type LockedAlert } from '../sql/dispatch.js';
import { advisorById } from '../sql/roster.js';
import { applyPlan } from './applyPlan.js';
import { dispatchTx, ending, type DispatchTx } from './dispatchTx.js';
import { evidenceFor } from './retry.js';
import type { DispatchDeps } from './transition.js';

/**
 * The staff use cases: each reads its state in the dispatch transaction, decides (domain/dispatch/) and
 * applies the plan. The advisor behind an ADVISOR token is read before the alert is locked, so a
 * deactivated advisor's refusal does not depend on which alert id was sent (and takes no lock).
 */
async function readStaffState(q: Queryable, v: Viewer, id: string): Promise<{ me: Awaited<ReturnType<typeof advisorById>>; alert: LockedAlert | null }> {
  const me = v.role === 'ADVISOR' && v.advisorId ? await advisorById(q, v.advisorId) : null;
  const alert = v.role === 'ADVISOR' && !me?.active ? null : await lockAlert(q, id);
  return { me, alert };
}

/** Decides on the state read, then applies: a refusal is thrown, so the transaction writes nothing. */
async function decideAndApply(tx: DispatchTx, deps: DispatchDeps, alert: LockedAlert | null, d: Decision): Promise<void> {
  if (isRefusal(d)) throw d;
  if (alert) await applyPlan(tx, deps, alert, d);
}

/** The state a status change decides on: the retry evidence read only when the row asks for it. */
async function changeState(tx: DispatchTx, v: Viewer, id: string, r: Request): Promise<ChangeState & { alert: LockedAlert | null }> {
  const s = await readStaffState(tx.q, v, id);
  return { ...s, evidence: s.alert && (await evidenceFor(tx.q, s.alert, r)) };
}

/** An advisor takes an open alert: exactly one wins; the rest get ALREADY_CLAIMED. */
export async function claimAlert(deps: DispatchDeps, v: Viewer, id: string): Promise<void> {
  await dispatchTx(deps.db, async (tx) => {
    const s = await readStaffState(tx.q, v, id);
    await decideAndApply(tx, deps, s.alert, decideClaim(s, v));
    return ending(undefined);
  });
}

/** The control room assigns an unassigned alert, or (`reassign`) moves an assigned one to another advisor. */
export async function assignAlert(deps: DispatchDeps, v: Viewer, id: string, advisorId: string, reassign: boolean): Promise<void> {
  await dispatchTx(deps.db, async (tx) => {
    const s = await readStaffState(tx.q, v, id);
    const advisor = s.alert ? await advisorById(tx.q, advisorId) : null;
    await decideAndApply(tx, deps, s.alert, decideAssign({ ...s, advisor }, v, { advisorId, reassign }));
    return ending(undefined);
  });
}

/** The control room takes over: the alert leaves any advisor and waits for the control room to act. */
export async function escalateAlert(deps: DispatchDeps, v: Viewer, id: string, note: string | null): Promise<void> {
  await dispatchTx(deps.db, async (tx) => {
    const s = await changeState(tx, v, id, { op: 'escalate', by: actorOf(v), note });
    await decideAndApply(tx, deps, s.alert, decideEscalate(s, v, { note }));
    return ending(undefined);
  });
}

/** The assigned advisor reports EN_ROUTE or ON_SCENE (the control room may report for them). */
export async function progressAlert(deps: DispatchDeps, v: Viewer, id: string, to: Extract<AlertStatus, 'EN_ROUTE' | 'ON_SCENE'>): Promise<void> {
  await dispatchTx(deps.db, async (tx) => {
    const s = await changeState(tx, v, id, { op: 'progress', to, by: actorOf(v) });
    await decideAndApply(tx, deps, s.alert, decideProgress(s, v, { to }));
    return ending(undefined);
  });
}

/** Closes an alert with a disposition; frees the assigned advisor's capacity. */
export async function resolveAlert(deps: DispatchDeps, v: Viewer, id: string, disposition: string, note: string | null): Promise<void> {
  const input = resolveInputRefusal({ disposition, note });
  if (input) throw input; // before any database work
  await dispatchTx(deps.db, async (tx) => {
    const s = await changeState(tx, v, id, { op: 'resolve', by: actorOf(v), disposition, note });
    await decideAndApply(tx, deps, s.alert, decideResolve(s, v, { disposition, note }));
    return ending(undefined);
  });
}
