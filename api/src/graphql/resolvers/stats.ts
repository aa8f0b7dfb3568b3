import type { QueryResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { badInput, forbidden } from '../../domain/errors.js';
import { dispatchStats } from '../../sql/stats.js';
import { listAlerts } from '../../sql/alerts.js';
import { countOpenFlagged, openAlertsForConsole } from '../../sql/openAlerts.js';
import { lastEventSeq } from '../../sql/events.js';
import type { Queryable } from '../../db/types.js';
import { lagTolerantReads } from '../lagTolerantReads.js';

/** A cursor as `eventsCursor` gives it: a decimal sequence number. */
function parseCursor(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw badInput('consistentWith must be a cursor from eventsCursor', 'consistentWith');
  return Number(raw);
}

/**
 * The console's load after reading `cursor`: from the standby only when it already holds every event up to
 * the cursor (seq order is commit order, so it then holds every alert row as of it, or newer), else from the
 * primary. Without a cursor the caller read it from the primary: only the primary is sure to be as new.
 */
async function consoleLoadSource(ctx: Context, cursor: number | null): Promise<Queryable> {
  const read = lagTolerantReads(ctx);
  if (cursor === null || read.target === 'primary') return ctx.db;
  return (await lastEventSeq(read.q)) >= cursor ? read.q : ctx.db;
}

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
  alerts: async (_r, { consulateId, openOnly, first, consistentWith }, ctx) => {
    const n = first ?? 500;
    if (!Number.isInteger(n) || n < 1 || n > 5000) throw badInput('first must be 1-5000', 'first');
    const cursor = consistentWith === null || consistentWith === undefined ? null : parseCursor(consistentWith);
    const scope = controlRoomScope(ctx, consulateId);
    const q = await consoleLoadSource(ctx, cursor);
    // Open alerts: never cut short by the abuse a limit would let crowd out genuine ones (sql/openAlerts.ts).
    return (openOnly ?? true) ? openAlertsForConsole(q, scope, n) : listAlerts(q, scope, false, n);
  },
  eventsCursor: async (_r, _a, ctx) => String(await lastEventSeq(ctx.db)),
  openFlaggedAlertCount: (_r, { consulateId }, ctx) => countOpenFlagged(ctx.db, controlRoomScope(ctx, consulateId)),
  dispatchStats: (_r, { consulateId, windowHours }, ctx) => {
    const scope = controlRoomScope(ctx, consulateId);
    const hours = windowHours ?? 24;
    if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 90) throw badInput('windowHours must be 1-2160', 'windowHours');
    return dispatchStats(lagTolerantReads(ctx).q, scope, hours);
  },
};
