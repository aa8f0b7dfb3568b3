import type { SubscriptionResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { AppError, ErrorCode, badInput, notFound } from '../../domain/errors.js';
import { isUuid } from '../../domain/ids.js';
import { alertById } from '../../sql/alerts.js';
import { personAlertStream } from '../../realtime/audienceStreams.js';
import { nearbyStream } from '../../realtime/nearbyStream.js';
import { eventStream, filterStream, parseCursor } from '../../realtime/stream.js';
import { positionStream } from '../../realtime/positions.js';
import { abortable } from '../../realtime/abortable.js';
import type { AdvisorChange } from '../../sql/roster.js';
import { inBox, parseBBox } from '../../domain/bbox.js';
import { controlRoomScope } from './stats.js';
import type { EventRow } from '../../sql/rows.js';

export const Subscription: SubscriptionResolvers<Context> = {
  alertEvents: {
    subscribe: (_r, { consulateId, after, bbox }, ctx) => {
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
      ctx.audit.record(v, 'SUBSCRIBE_PRECISE_STREAM', 'consulate', scope ?? '*');
      const box = bbox ? parseBBox(bbox) : null;
      return abortable((signal) => {
        const stream = eventStream(ctx.db, ctx.hub, { consulateId: scope }, cursor, signal);
        return box ? filterStream(stream, inBox(box)) : stream;
      }) as AsyncIterable<never>;
    },
    resolve: (e: EventRow) => e,
  },
  advisorPositions: {
    subscribe: (_r, { consulateId }, ctx) => {
      const scope = controlRoomScope(ctx, consulateId);
      return abortable((signal) => positionStream(ctx.positions, scope, signal)) as AsyncIterable<never>;
    },
    resolve: (p: AdvisorChange) => p,
  },
  nearbyAlerts: {
    subscribe: (_r, { radiusKm }, ctx) => {
      if (!(radiusKm > 0 && radiusKm <= 100)) throw badInput('radiusKm must be more than 0 and at most 100', 'radiusKm');
      return abortable((signal) => nearbyStream(ctx.db, ctx.hub, ctx.viewer!.advisorId!, radiusKm * 1000, signal)) as AsyncIterable<never>;
    },
    resolve: (e: EventRow) => e,
  },
  alertUpdates: {
    subscribe: async (_r, { alertId, after }, ctx) => {
      const cursor = parseCursor(after);
      if (Number.isNaN(cursor)) throw badInput('after must be a cursor returned by this API', 'after');
      const a = isUuid(alertId) ? await alertById(ctx.db, alertId) : null;
      // Someone else's alert looks exactly like one that does not exist.
      if (!a || a.person_id !== ctx.viewer!.sub) throw notFound('alert');
      return abortable((signal) => personAlertStream(ctx.db, ctx.hub, alertId, cursor, signal)) as AsyncIterable<never>;
    },
    resolve: (e: EventRow) => e,
  },
};
