import type { MutationResolvers, QueryResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { badInput, notFound } from '../../domain/errors.js';
import { updateProfile } from '../../services/persons.js';
import { readAudit } from '../../sql/privacy.js';
import { deleteMyData } from '../../services/erasure.js';
import { personById } from '../../sql/persons.js';
import { phoneVault } from '../../sms/phoneVault.js';

export const PrivacyMutations: Pick<MutationResolvers<Context>, 'updateProfile' | 'deleteMyData'> = {
  updateProfile: async (_r, { input }, ctx) => {
    const person = await personById(ctx.db, ctx.viewer!.sub);
    if (!person) throw notFound('person');
    return updateProfile(ctx.db, phoneVault(ctx.config.sms.phoneKey), person, input);
  },
  deleteMyData: async (_r, _a, ctx) => {
    await deleteMyData(ctx.db, ctx.viewer!.sub);
    return true;
  },
};

export const PrivacyQueries: Pick<QueryResolvers<Context>, 'auditLog'> = {
  auditLog: (_r, { subjectId, first }, ctx) => {
    const n = first ?? 100;
    if (!Number.isInteger(n) || n < 1 || n > 5000) throw badInput('first must be 1-5000', 'first');
    return readAudit(ctx.db, subjectId ?? null, n);
  },
};
