import type { MutationResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { parseRaiseInput } from '../../domain/raiseInput.js';
import { raiseAlert } from '../../services/raiseAlert.js';
import { dispatchDeps } from './dispatch.js';
import { alertById } from '../../sql/alerts.js';
import { committedEventRow } from '../../sql/events.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { log } from '../../log.js';
import { correctCounty } from '../../services/countyCorrection.js';

export const Mutation: MutationResolvers<Context> = {
  raiseAlert: async (_r, { input }, ctx) => {
    const req = parseRaiseInput(input);
    const { id, row, events } = await raiseAlert(dispatchDeps(ctx), ctx.viewer!, req);
    if (row) ctx.hub.deliverCommitted(events.map((e) => committedEventRow(e, row)));
    const alert = row ?? (await alertById(ctx.db, id));
    if (!alert) throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'alert not readable after insert');
    log.info('alert.raised', { alertId: id, consulateId: alert.consulate_id, method: alert.match_method, status: alert.status });
    return alert;
  },
  correctCountyDistrict: (_r, args, ctx) => correctCounty(ctx.db, ctx.consulates, ctx.viewer!, args),
};
