import type { AdvisorPositionResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';

export const AdvisorPosition: AdvisorPositionResolvers<Context> = {
  advisor: (p) => p,
  location: (p) => (typeof p.lon === 'number' && typeof p.lat === 'number' ? { lon: p.lon, lat: p.lat, accuracyM: null, precise: true } : null),
  locationAt: (p) => p.location_at ?? null,
  availability: (p) => p.availability,
  active: (p) => p.active,
  locationSuspect: (p) => p.location_suspect ?? false,
};
