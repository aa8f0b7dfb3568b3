import type { MutationResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { isUuid } from '../../domain/ids.js';
import { parseLocation } from '../../domain/geo.js';
import { alertById } from '../../sql/alerts.js';
import type { AlertRow } from '../../sql/rows.js';
import { claimAlert, assignAlert, escalateAlert, progressAlert, resolveAlert } from '../../services/assignment.js';
import { declineOffer } from '../../services/offers.js';
import { activeAdvisor } from '../../services/advisorScope.js';
import { cancelAlert, updateAlertLocation } from '../../services/personAlert.js';
import type { DispatchDeps } from '../../services/transition.js';
import { canSeeAlert } from '../visibility.js';

export const dispatchDeps = (ctx: Context): DispatchDeps => ({ db: ctx.db, dispatch: ctx.config.dispatch });

/** Ids that are not UUIDs cannot exist: NOT_FOUND, the same answer as for an alert you may not see. */
function alertId(id: string): string {
  if (!isUuid(id)) throw new AppError(ErrorCode.NOT_FOUND, 'alert not found');
  return id;
}

/** The alert after a change, as the caller may see it. */
async function reread(ctx: Context, id: string): Promise<AlertRow> {
  const a = await alertById(ctx.db, id);
  if (!a || !canSeeAlert(ctx.viewer, a)) throw new AppError(ErrorCode.NOT_FOUND, 'alert not found');
  return a;
}

const note = (n: string | null | undefined) => (n === undefined || n === null || n.trim() === '' ? null : n.trim());

export const DispatchMutations: Pick<
  MutationResolvers<Context>,
  'claimAlert' | 'declineOffer' | 'assignAlert' | 'reassignAlert' | 'escalateAlert' | 'updateAlertStatus' | 'resolveAlert' | 'cancelAlert' | 'updateAlertLocation'
> = {
  claimAlert: async (_r, { id }, ctx) => {
    await claimAlert(dispatchDeps(ctx), ctx.viewer!, alertId(id));
    return reread(ctx, id);
  },
  declineOffer: async (_r, { id }, ctx) => {
    await activeAdvisor(ctx.db, ctx.viewer!.advisorId); // a deactivated advisor changes nothing
    await declineOffer(dispatchDeps(ctx), { role: 'ADVISOR', id: ctx.viewer!.advisorId! }, alertId(id));
    const a = await alertById(ctx.db, id);
    return a && canSeeAlert(ctx.viewer, a) ? a : null;
  },
  assignAlert: async (_r, { id, advisorId }, ctx) => {
    if (!isUuid(advisorId)) throw new AppError(ErrorCode.NOT_FOUND, 'advisor not found');
    await assignAlert(dispatchDeps(ctx), ctx.viewer!, alertId(id), advisorId, false);
    return reread(ctx, id);
  },
  reassignAlert: async (_r, { id, advisorId }, ctx) => {
    if (!isUuid(advisorId)) throw new AppError(ErrorCode.NOT_FOUND, 'advisor not found');
    await assignAlert(dispatchDeps(ctx), ctx.viewer!, alertId(id), advisorId, true);
    return reread(ctx, id);
  },
  escalateAlert: async (_r, { id, note: n }, ctx) => {
    await escalateAlert(dispatchDeps(ctx), ctx.viewer!, alertId(id), note(n));
    return reread(ctx, id);
  },
  updateAlertStatus: async (_r, { id, status }, ctx) => {
    await progressAlert(dispatchDeps(ctx), ctx.viewer!, alertId(id), status);
    return reread(ctx, id);
  },
  resolveAlert: async (_r, { id, disposition, note: n }, ctx) => {
    await resolveAlert(dispatchDeps(ctx), ctx.viewer!, alertId(id), disposition, note(n));
    return reread(ctx, id);
  },
  cancelAlert: async (_r, { id, pin }, ctx) => {
    await cancelAlert(dispatchDeps(ctx), ctx.viewer!, alertId(id), pin ?? null);
    return reread(ctx, id);
  },
  updateAlertLocation: async (_r, { id, location, recordedAt }, ctx) => {
    await updateAlertLocation(dispatchDeps(ctx), ctx.viewer!, alertId(id), parseLocation(location), recordedAt ?? new Date());
    return reread(ctx, id);
  },
};
