import type { MutationResolvers, PersonResolvers, QueryResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { registerPerson } from '../../services/persons.js';
import { personById } from '../../sql/persons.js';
import { signToken } from '../../auth/jwt.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { contactPhone } from '../../sms/contactPhones.js';
import { phoneVault } from '../../sms/phoneVault.js';

/** A person keeps their token on the device for months; losing it means registering again. */
const PERSON_TOKEN_TTL_S = 180 * 24 * 3600;

export const PersonMutations: Pick<MutationResolvers<Context>, 'registerPerson'> = {
  registerPerson: async (_r, { input }, ctx) => {
    if (!ctx.registrations.allow(ctx.clientIp, ctx.config.privacy.registrationsPerHour))
      throw new AppError(ErrorCode.RATE_LIMITED, 'too many registrations from this address; try again later');
    const person = await registerPerson(ctx.db, phoneVault(ctx.config.sms.phoneKey), input);
    const token = await signToken({ role: 'PERSON', sub: person.id, ttlSeconds: PERSON_TOKEN_TTL_S }, ctx.config.jwt);
    return { token, person };
  },
};

export const PersonQueries: Pick<QueryResolvers<Context>, 'me'> = {
  me: (_r, _a, ctx) => personById(ctx.db, ctx.viewer!.sub),
};

export const Person: PersonResolvers<Context> = {
  displayName: (p) => p.display_name,
  preferredLanguage: (p) => p.preferred_language,
  // Person is reachable only by the person (me, registerPerson, updateProfile): their own data, opened for
  // them. No staff query returns a Person (sms-contact-phones.test.ts).
  trustedContacts: (p, _a, ctx) => {
    const vault = phoneVault(ctx.config.sms.phoneKey);
    return p.trusted_contacts.map((c) => ({ name: c.name, phone: contactPhone(vault, c) ?? '', notify: c.notify === true, shareLocation: c.shareLocation === true }));
  },
};
