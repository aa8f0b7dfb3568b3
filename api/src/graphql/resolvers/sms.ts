import type { AlertResolvers, MutationResolvers, PersonResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import type { Queryable } from '../../db/types.js';
import { deliverySummary } from '../../sms/outboxSql.js';
import { newLinkCode } from '../../sms/phoneLink.js';
import { phoneVault } from '../../sms/phoneVault.js';

type Summary = Awaited<ReturnType<typeof deliverySummary>>;
const batches = new WeakMap<object, { ids: Set<string>; result: Promise<Summary> }>();

/** One query for every alert of a list resolved in the same tick (a console loading 200 alerts: one read). */
function summaryOf(ctx: Context, db: Queryable, id: string) {
  let b = batches.get(ctx);
  if (!b) {
    const ids = new Set<string>();
    b = { ids, result: Promise.resolve().then(() => (batches.delete(ctx), deliverySummary(db, [...ids]))) };
    batches.set(ctx, b);
  }
  b.ids.add(id);
  return b.result.then((m) => m.get(id) ?? null);
}

export const SmsAlert: Pick<AlertResolvers<Context>, 'smsDelivery'> = {
  smsDelivery: async (a, _x, ctx) => {
    if (!ctx.viewer || ctx.viewer.role === 'PERSON') return null;
    const s = await summaryOf(ctx, ctx.db, a.id);
    return s ? { contactsNotified: s.notified, contactsTotal: s.total, failures: s.failures } : null;
  },
};

export const SmsPerson: Pick<PersonResolvers<Context>, 'smsLinked'> = {
  smsLinked: async (p, _x, ctx) =>
    (await ctx.db.query('select 1 from persons where id = $1 and sms_phone_hmac is not null', [p.id])).rowCount > 0,
};

export const SmsMutations: Pick<MutationResolvers<Context>, 'smsLinkCode'> = {
  smsLinkCode: async (_r, _a, ctx) => {
    const { code, expiresAt } = await newLinkCode(ctx.db, phoneVault(ctx.config.sms.phoneKey), ctx.viewer!.sub);
    return { code, expiresAt, number: ctx.config.sms.number };
  },
};
