import type { Context } from '../context.js';
import type { AlertResolvers, AlertEventResolvers, AdvisorResolvers, ConsulateResolvers, JurisdictionMatchResolvers, OfferResolvers } from '../../generated/graphql.js';
import { COARSE_CELL_M, coarsen } from '../../domain/geo.js';
import { badInput, notFound } from '../../domain/errors.js';
import { trackOfAlert } from '../../sql/dispatch.js';
import { hasSilentDuress } from '../../domain/duress.js';
import { eventsOfAlert } from '../../sql/events.js';
import { hiddenDuress, seesPreciseLocation, visibleFlags } from '../visibility.js';
import { personTimeline } from '../../domain/personTimeline.js';
import { shortCode } from '../../domain/ids.js';
import { advisorById } from '../../sql/roster.js';
import type { AdvisorRow } from '../../sql/rows.js';
import { personMessage } from '../../domain/personWording.js';
import { auditRead } from '../readAudit.js';

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

/**
 * Fix: the advisor copies joined into an alert (`offer.advisor`, `assignedAdvisor`, from alert_view) carry
 * no capacity, load or position, so these fields answered capacity 1 / activeAlerts 0 / no location for
 * them whatever the truth. Read the advisor's row when the copy lacks the column.
 */
const fullAdvisor = async (a: AdvisorRow, ctx: Context): Promise<AdvisorRow> =>
  a.capacity !== undefined ? a : ((await advisorById(ctx.db, a.id)) ?? a);

const seesAdvisorPosition = (a: AdvisorRow, ctx: Context) => {
  const v = ctx.viewer;
  return v?.role === 'SUPERVISOR' || (v?.role === 'OPERATOR' && v.consulateId === a.consulate_id) || (v?.role === 'ADVISOR' && v.advisorId === a.id);
};

export const Advisor: AdvisorResolvers<Context> = {
  consulate: (a, _x, ctx) => consulateOf(ctx, a.consulate_id),
  capacity: async (a, _x, ctx) => (await fullAdvisor(a, ctx)).capacity ?? 1,
  activeAlerts: async (a, _x, ctx) => (await fullAdvisor(a, ctx)).active_alerts ?? 0,
  // Where an advisor is: for themself and the control room of their consulate only.
  location: async (a, _x, ctx) => {
    if (!seesAdvisorPosition(a, ctx)) return null;
    const full = await fullAdvisor(a, ctx);
    return typeof full.lon === 'number' && typeof full.lat === 'number' ? { lon: full.lon, lat: full.lat, accuracyM: null, precise: true } : null;
  },
  locationAt: async (a, _x, ctx) => (seesAdvisorPosition(a, ctx) ? ((await fullAdvisor(a, ctx)).location_at ?? null) : null),
  locationSuspect: async (a, _x, ctx) => (seesAdvisorPosition(a, ctx) ? ((await fullAdvisor(a, ctx)).location_suspect ?? false) : false),
};

export const Offer: OfferResolvers<Context> = {
  distanceKm: (o) => Math.round(o.distance_m) / 1000,
  expiresAt: (o) => o.expires_at,
};

const seconds = (from: Date, to: Date | null) => (to ? Math.round((to.getTime() - from.getTime()) / 100) / 10 : null);

export const Alert: AlertResolvers<Context> = {
  // With the duress PIN the phone must see an ordinary cancel: status, offer and advisor are hidden.
  status: (a, _x, ctx) => (hiddenDuress(ctx.viewer, a) ? 'CANCELLED' : a.status),
  // Never true for the person; for staff also a duress PIN given during a PIN lockout (domain/duress.ts).
  duress: (a, _x, ctx) => ctx.viewer?.role !== 'PERSON' && (a.duress || hasSilentDuress(a.flags)),
  // Fix: a duress alert resolved later by the control room showed its disposition, note and time to
  // resolve on the person's phone, which a cancelled alert never has. Hidden like status.
  disposition: (a, _x, ctx) => (hiddenDuress(ctx.viewer, a) ? null : a.disposition),
  resolutionNote: (a, _x, ctx) => (hiddenDuress(ctx.viewer, a) ? null : a.resolution_note),
  offerCount: (a, _x, ctx) => (hiddenDuress(ctx.viewer, a) ? (a.duress_offer_count ?? a.offer_count) : a.offer_count),
  personLanguage: (a) => a.person_language,
  personNote: (a, _x, ctx) => {
    if (!seesPreciseLocation(ctx.viewer, a) || a.purged_at || a.note === null) return null;
    auditRead(ctx, 'READ_PERSON_NOTE', a.id);
    return a.note;
  },
  shortCode: (a) => shortCode(a.id),
  clocks: (a, _x, ctx) => {
    // Under duress the phone sees the clocks as they stood at the cancel, never what happened after.
    const hidden = hiddenDuress(ctx.viewer, a);
    const upTo = (t: Date | null) => (hidden && t && a.duress_at && t > a.duress_at ? null : t);
    return {
      toOfferS: seconds(a.created_at, upTo(a.offered_at)),
      toAcknowledgeS: seconds(a.created_at, upTo(a.acknowledged_at)),
      toOnSceneS: seconds(a.created_at, upTo(a.on_scene_at)),
      toResolveS: a.status === 'RESOLVED' && !hidden ? seconds(a.created_at, a.closed_at) : null,
    };
  },
  kind: (a) => a.kind,
  createdAt: (a) => a.created_at,
  flags: (a, _x, ctx) => visibleFlags(ctx.viewer, a.flags),
  location: (a, _x, ctx) => {
    if (seesPreciseLocation(ctx.viewer, a) && !a.purged_at) {
      // Every read of a precise location is audited, over a subscription too, per receiver (readAudit.ts).
      auditRead(ctx, 'READ_PRECISE_LOCATION', a.id);
      return { lon: a.lon, lat: a.lat, accuracyM: a.accuracy_m, precise: true };
    }
    // A fix rougher than the ~1 km cell (a city picked without GPS: 50 km) says so: "≈ 0 m" misled.
    return { ...coarsen(a), accuracyM: a.accuracy_m !== null && a.accuracy_m >= COARSE_CELL_M ? a.accuracy_m : null, precise: false };
  },
  track: async (a, { last }, ctx) => {
    const n = last ?? 50;
    if (!Number.isInteger(n) || n < 1 || n > 500) throw badInput('last must be between 1 and 500', 'last');
    // A track is a series of precise points: the same people who see the precise location, or nobody.
    if (!seesPreciseLocation(ctx.viewer, a) || a.purged_at) return [];
    const rows = await trackOfAlert(ctx.db, a.id, n);
    if (rows.length > 0) auditRead(ctx, 'READ_PRECISE_LOCATION', a.id);
    return rows.map((t) => ({ lat: t.lat, lon: t.lon, accuracyM: t.accuracy_m, recordedAt: t.recorded_at }));
  },
  consulate: (a, _x, ctx) => consulateOf(ctx, a.consulate_id),
  jurisdictionMatch: (a) => ({ consulate_id: a.consulate_id, method: a.match_method, distance_m: a.match_distance_m }),
  offer: (a, _x, ctx) =>
    a.offer_advisor && a.offer_expires_at && !hiddenDuress(ctx.viewer, a)
      ? { advisor: a.offer_advisor, distance_m: a.offer_distance_m ?? 0, expires_at: a.offer_expires_at }
      : null,
  assignedAdvisor: (a, _x, ctx) => (hiddenDuress(ctx.viewer, a) ? null : a.assigned_advisor),
  events: async (a, _x, ctx) => {
    const events = await eventsOfAlert(ctx.db, a.id);
    return ctx.viewer?.role === 'PERSON' ? personTimeline(events) : events;
  },
};

export const AlertEvent: AlertEventResolvers<Context> = {
  cursor: (e) => String(e.seq),
  fromStatus: (e) => e.from_status,
  toStatus: (e) => e.to_status,
  actorRole: (e) => e.actor_role,
  summary: (e, { language }, ctx) => {
    const advisor = e.alert.assigned_advisor?.name ?? null;
    return personMessage(e.type, language, { consulateName: consulateOf(ctx, e.consulate_id).name, advisorName: advisor, note: e.note });
  },
  note: (e) => e.note ?? null,
  alert: (e) => e.alert,
};
