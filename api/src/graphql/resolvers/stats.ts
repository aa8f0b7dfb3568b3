import type { QueryResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { badInput, forbidden } from '../../domain/errors.js';
import { dispatchStats } from '../../sql/stats.js';
import { listAlerts } from '../../sql/alerts.js';
import { countOpenFlagged, openAlertsForConsole } from '../../sql/openAlerts.js';
import { lastEventSeq } from '../../sql/events.js';

/** OPERATOR: their own consulate only (omitted means theirs); SUPERVISOR: a known consulate or all. */
export function controlRoomScope(ctx: Context, consulateId: string | null | undefined): string | null {
  const v = ctx.viewer!;
  if (v.role === 'OPERATOR') {
    if (consulateId && consulateId !== v.consulateId) throw forbidden();
    return v.consulateId!;
  }
  if (consulateId && !ctx.consulates.get(consulateId)) throw badInput('unknown consulateId', 'consulateId');
  return consulateId ?? null;
}

export const StatsQueries: Pick<QueryResolvers<Context>, 'dispatchStats' | 'alerts' | 'eventsCursor' | 'openFlaggedAlertCount'> = {
  alerts: (_r, { consulateId, openOnly, first }, ctx) => {
    const n = first ?? 500;
    if (!Number.isInteger(n) || n < 1 || n > 5000) throw badInput('first must be 1-5000', 'first');
    const scope = controlRoomScope(ctx, consulateId);
    // Open alerts: never cut short by the abuse a limit would let crowd out genuine ones (sql/openAlerts.ts).
    return (openOnly ?? true) ? openAlertsForConsole(ctx.db, scope, n) : listAlerts(ctx.db, scope, false, n);
  },
  eventsCursor: async (_r, _a, ctx) => String(await lastEventSeq(ctx.db)),
  openFlaggedAlertCount: (_r, { consulateId }, ctx) => countOpenFlagged(ctx.db, controlRoomScope(ctx, consulateId)),
  dispatchStats: (_r, { consulateId, windowHours }, ctx) => {
    const scope = controlRoomScope(ctx, consulateId);
    const hours = windowHours ?? 24;
    if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 90) throw badInput('windowHours must be 1-2160', 'windowHours');
    return dispatchStats(ctx.db, scope, hours);
  },
};
