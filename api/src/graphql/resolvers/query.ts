import type { QueryResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { parseLocation } from '../../domain/geo.js';
import { routePoint } from '../../sql/routing.js';
import { alertById } from '../../sql/alerts.js';
import { canSeeAlert } from '../visibility.js';
import { isUuid } from '../../domain/ids.js';
import { districtOf } from '../../sql/districts.js';
import { lagTolerantReads } from '../lagTolerantReads.js';

export const Query: QueryResolvers<Context> = {
  consulates: (_r, { includeFallback }, ctx) => ctx.consulates.all().filter((c) => includeFallback || !c.is_fallback),
  consulateAt: (_r, { location }, ctx) => routePoint(ctx.db, parseLocation(location)),
  // Reference data: a hot standby's bounded lag is tolerable here (a county just corrected by this caller is not).
  district: (_r, { consulateId }, ctx) => (ctx.consulates.get(consulateId) ? districtOf(lagTolerantReads(ctx).q, consulateId) : null),
  alert: async (_r, { id }, ctx) => {
    // Not a UUID, absent, or not yours: all look the same, so a refusal never reveals existence.
    if (!isUuid(id)) return null;
    const a = await alertById(ctx.db, id);
    return a && canSeeAlert(ctx.viewer, a) ? a : null;
  },
};
