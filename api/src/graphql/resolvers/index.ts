import type { Resolvers } from '../../generated/graphql.js';
import { DateTime } from './scalars.js';
import { District } from './district.js';
import { DispatchMutations } from './dispatch.js';
import { RosterMutations, RosterQueries } from './roster.js';
import { Person, PersonMutations, PersonQueries } from './persons.js';
import { StatsQueries } from './stats.js';
import { AdvisorPosition } from './positions.js';
import { PrivacyMutations, PrivacyQueries } from './privacy.js';
import { Query } from './query.js';
import { AdvisorWorkQueries } from './advisorWork.js';
import { Mutation } from './mutation.js';
import { Subscription } from './subscription.js';
import { SmsAlert, SmsMutations, SmsPerson } from './sms.js';
import { IncidentCommandMutations } from './incidentCommands.js';
import { Alert, AlertEvent, Advisor, Consulate, JurisdictionMatch, Offer } from './types.js';
import { Incident, IncidentEvent, IncidentOfAlert, IncidentQueries, IncidentSubscriptions } from './incidents.js';

export const resolvers: Resolvers = {
  DateTime,
  Query: { ...Query, ...RosterQueries, ...StatsQueries, ...PersonQueries, ...PrivacyQueries, ...AdvisorWorkQueries, ...IncidentQueries },
  Mutation: { ...Mutation, ...DispatchMutations, ...RosterMutations, ...PersonMutations, ...PrivacyMutations, ...SmsMutations, ...IncidentCommandMutations },
  Person: { ...Person, ...SmsPerson },
  AdvisorPosition,
  Subscription: { ...Subscription, ...IncidentSubscriptions },
  Alert: { ...Alert, ...SmsAlert, ...IncidentOfAlert },
  AlertEvent,
  Advisor,
  Consulate,
  District,
  JurisdictionMatch,
  Offer,
  Incident,
  IncidentEvent,
};
