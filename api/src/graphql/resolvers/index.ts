import type { Resolvers } from '../../generated/graphql.js';
import { DateTime } from './scalars.js';
import { District } from './district.js';
import { Query } from './query.js';
import { Mutation } from './mutation.js';
import { Subscription } from './subscription.js';
import { Alert, AlertEvent, Advisor, Consulate, JurisdictionMatch, Offer } from './types.js';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation,
  Subscription,
  Alert,
  AlertEvent,
  Advisor,
  Consulate,
  District,
  JurisdictionMatch,
  Offer,
};
