import type { SubscriptionResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { AppError, ErrorCode, badInput } from '../../domain/errors.js';
import { eventStream, parseCursor } from '../../realtime/stream.js';
import type { EventRow } from '../../sql/rows.js';

export const Subscription: SubscriptionResolvers<Context> = {
  alertEvents: {
    subscribe: (_r, { consulateId, after }, ctx) => {
      const v = ctx.viewer!;
      let scope: string | null;
      if (v.role === 'OPERATOR') {
        if (consulateId && consulateId !== v.consulateId) throw new AppError(ErrorCode.FORBIDDEN, 'not allowed');
        scope = v.consulateId!;
      } else {
        if (consulateId && !ctx.consulates.get(consulateId)) throw badInput('unknown consulateId', 'consulateId');
        scope = consulateId ?? null;
      }
      const cursor = parseCursor(after);
      if (Number.isNaN(cursor)) throw badInput('after must be a cursor returned by this API', 'after');
      return eventStream(ctx.db, ctx.hub, { consulateId: scope }, cursor) as AsyncIterable<never>;
    },
    resolve: (e: EventRow) => e,
  },
};
