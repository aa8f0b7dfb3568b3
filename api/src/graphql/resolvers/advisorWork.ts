import type { QueryResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { isUuid } from '../../domain/ids.js';
import { advisorById } from '../../sql/roster.js';
import { advisorWork } from '../../sql/advisorWork.js';
import { canSeeAlert } from '../visibility.js';

/**
 * What an advisor's phone loads when /officer opens: their roster entry and their open work. The
 * stream that follows is live only, so without these a new or cleared device showed "1 de 1" in their
 * care and no alert to move on or close.
 */
export const AdvisorWorkQueries: Pick<QueryResolvers<Context>, 'myAdvisor' | 'myAlerts'> = {
  myAdvisor: (_r, _a, ctx) => {
    const id = ctx.viewer!.advisorId;
    return isUuid(id) ? advisorById(ctx.db, id!) : null;
  },
  myAlerts: async (_r, _a, ctx) => {
    const id = ctx.viewer!.advisorId;
    if (!isUuid(id)) return [];
    // The same object rule as `alert(id)`: an alert dropped from this advisor meanwhile is left out.
    return (await advisorWork(ctx.db, id!)).filter((a) => canSeeAlert(ctx.viewer, a));
  },
};
