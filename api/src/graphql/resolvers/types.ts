import type { Context } from '../context.js';
import type { AlertResolvers, AlertEventResolvers, AdvisorResolvers, ConsulateResolvers, JurisdictionMatchResolvers, OfferResolvers } from '../../generated/graphql.js';
import { coarsen } from '../../domain/geo.js';
import { notFound } from '../../domain/errors.js';
import { eventsOfAlert } from '../../sql/events.js';
import { seesPreciseLocation } from '../visibility.js';

const consulateOf = (ctx: Context, id: string) => {
  const c = ctx.consulates.get(id);
  if (!c) throw notFound('consulate');
  return c;
};

export const Consulate: ConsulateResolvers<Context> = {
  location: (c) => ({ lon: c.lon, lat: c.lat, accuracyM: null, precise: true }),
  isFallback: (c) => c.is_fallback,
};

export const JurisdictionMatch: JurisdictionMatchResolvers<Context> = {
  consulate: (m, _a, ctx) => consulateOf(ctx, m.consulate_id),
  distanceKm: (m) => Math.round(m.distance_m) / 1000,
};

export const Advisor: AdvisorResolvers<Context> = {
  consulate: (a, _x, ctx) => consulateOf(ctx, a.consulate_id),
};

export const Offer: OfferResolvers<Context> = {
  distanceKm: (o) => Math.round(o.distance_m) / 1000,
  expiresAt: (o) => o.expires_at,
};

export const Alert: AlertResolvers<Context> = {
  status: (a) => a.status as never,
  kind: (a) => a.kind as never,
  createdAt: (a) => a.created_at,
  location: (a, _x, ctx) => {
    if (seesPreciseLocation(ctx.viewer, a)) return { lon: a.lon, lat: a.lat, accuracyM: a.accuracy_m, precise: true };
    return { ...coarsen(a), accuracyM: null, precise: false };
  },
  consulate: (a, _x, ctx) => consulateOf(ctx, a.consulate_id),
  jurisdictionMatch: (a) => ({ consulate_id: a.consulate_id, method: a.match_method, distance_m: a.match_distance_m }),
  offer: (a) =>
    a.offer_advisor && a.offer_expires_at
      ? { advisor: a.offer_advisor, distance_m: a.offer_distance_m ?? 0, expires_at: a.offer_expires_at }
      : null,
  assignedAdvisor: (a) => a.assigned_advisor,
  events: (a, _x, ctx) => eventsOfAlert(ctx.db, a.id),
};

export const AlertEvent: AlertEventResolvers<Context> = {
  cursor: (e) => String(e.seq),
  fromStatus: (e) => e.from_status as never,
  toStatus: (e) => e.to_status as never,
  alert: (e) => e.alert,
};
