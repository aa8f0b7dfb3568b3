import type { QueryResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { badInput, forbidden } from '../../domain/errors.js';
import { dispatchStats } from '../../sql/stats.js';

export const StatsQueries: Pick<QueryResolvers<Context>, 'dispatchStats'> = {
  dispatchStats: (_r, { consulateId, windowHours }, ctx) => {
    const v = ctx.viewer!;
    let scope = consulateId ?? null;
    if (v.role === 'OPERATOR') {
      if (scope && scope !== v.consulateId) throw forbidden();
      scope = v.consulateId!;
    } else if (scope && !ctx.consulates.get(scope)) throw badInput('unknown consulateId', 'consulateId');
    const hours = windowHours ?? 24;
    if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 90) throw badInput('windowHours must be 1-2160', 'windowHours');
    return dispatchStats(ctx.db, scope, hours);
  },
};
