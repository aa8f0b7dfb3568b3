import type { AlertRow } from '../sql/rows.js';
import { SILENT_DURESS_FLAGS } from './duress.js';
import { shortCode } from './ids.js';

/**
 * Everything the person's phone may learn about one of their alerts, built in this one place and used by
 * every transport (HTTP, WebSocket, the person's stream): an allow-list. A field added to the alert later
 * shows on the phone only once it is added here, and `PERSON_ALERT_FIELDS` (with its test) makes adding a
 * field to the GraphQL `Alert` type without deciding what the phone sees of it fail.
 *
 * Under duress the view is built from the alert as it stood at the moment of the duress PIN (frozen in
 * `alerts.person_view`), with the cancel applied exactly as an ordinary cancel would have left it: whatever
 * the control room does afterwards (reassigning, resolving, flagging) cannot reach the phone.
 */
export interface PersonAlertView {
  id: string;
  status: AlertRow['status'];
  kind: AlertRow['kind'];
  createdAt: Date;
  /** The person's own point: precise, as they sent it (coarse only once purged, when the phone no longer sees it). */
  location: { lon: number; lat: number; accuracyM: number | null; precise: boolean };
  consulateId: string;
  match: { consulate_id: string; method: AlertRow['match_method']; distance_m: number };
  offer: { advisorId: string; distance_m: number; expires_at: Date } | null;
  /** Only the id: the resolver shows the advisor's public fields (name, kind, languages, consulate). */
  assignedAdvisorId: string | null;
  /** Never true for the person, whatever PIN they typed. */
  duress: false;
  disposition: AlertRow['disposition'];
  resolutionNote: string | null;
  offerCount: number;
  personLanguage: string | null;
  clocks: { toOfferS: number | null; toAcknowledgeS: number | null; toOnSceneS: number | null; toResolveS: number | null };
  shortCode: string;
  flags: string[];
  personNote: string | null;
  /** The track is read only while this is false. */
  purged: boolean;
}

/**
 * The row the phone's view is built from. After a duress cancel: the frozen row (or, for an alert frozen
 * before `person_view` existed, the live one with every later milestone dropped), cancelled as an ordinary
 * cancel leaves an alert: CANCELLED at the moment of the PIN, its offer withdrawn, its advisor kept.
 */
export function phoneRow(live: AlertRow, frozen: AlertRow | null): AlertRow {
  if (!live.duress) return live;
  const at = live.duress_at ?? live.updated_at;
  const base = frozen ?? { ...live, offer_count: live.duress_offer_count ?? live.offer_count };
  const upTo = (t: Date | null) => (t && t > at ? null : t);
  return {
    ...base,
    status: 'CANCELLED',
    duress: false,
    disposition: null,
    resolution_note: null,
    offer_advisor: null,
    offer_distance_m: null,
    offer_expires_at: null,
    offered_at: upTo(base.offered_at),
    acknowledged_at: upTo(base.acknowledged_at),
    en_route_at: upTo(base.en_route_at),
    on_scene_at: upTo(base.on_scene_at),
    escalated_at: upTo(base.escalated_at),
    closed_at: at,
    updated_at: at,
    purged_at: live.purged_at,
  };
}

const seconds = (from: Date, to: Date | null) => (to ? Math.round((to.getTime() - from.getTime()) / 100) / 10 : null);

/** The allow-list itself: only what is named here leaves for the phone. */
export function toPersonAlertView(a: AlertRow): PersonAlertView {
  const purged = a.purged_at !== null;
  return {
    id: a.id,
    status: a.status,
    kind: a.kind,
    createdAt: a.created_at,
    location: purged ? { ...coarseOf(a), accuracyM: null, precise: false } : { lon: a.lon, lat: a.lat, accuracyM: a.accuracy_m, precise: true },
    consulateId: a.consulate_id,
    match: { consulate_id: a.consulate_id, method: a.match_method, distance_m: a.match_distance_m },
    offer: a.offer_advisor && a.offer_expires_at ? { advisorId: a.offer_advisor.id, distance_m: a.offer_distance_m ?? 0, expires_at: a.offer_expires_at } : null,
    assignedAdvisorId: a.assigned_advisor?.id ?? null,
    duress: false,
    disposition: a.disposition,
    resolutionNote: a.resolution_note,
    offerCount: a.offer_count,
    personLanguage: a.person_language,
    clocks: {
      toOfferS: seconds(a.created_at, a.offered_at),
      toAcknowledgeS: seconds(a.created_at, a.acknowledged_at),
      toOnSceneS: seconds(a.created_at, a.on_scene_at),
      toResolveS: a.status === 'RESOLVED' ? seconds(a.created_at, a.closed_at) : null,
    },
    shortCode: shortCode(a.id),
    flags: (a.flags ?? []).filter((f) => !SILENT_DURESS_FLAGS.includes(f)),
    personNote: purged ? null : a.note,
    purged,
  };
}

/** A purged row's location is already its cell centre (sql/privacy.ts). */
const coarseOf = (a: AlertRow) => ({ lon: a.lon, lat: a.lat });

/**
 * How the phone is answered for each field of the GraphQL `Alert` type: from the view, or from a list read
 * for the person (their timeline up to the cancel, their own track). A test compares this with the schema.
 */
export const PERSON_ALERT_FIELDS = {
  id: 'view',
  status: 'view',
  kind: 'view',
  createdAt: 'view',
  location: 'view',
  consulate: 'view',
  jurisdictionMatch: 'view',
  offer: 'view',
  assignedAdvisor: 'view',
  duress: 'view',
  disposition: 'view',
  resolutionNote: 'view',
  offerCount: 'view',
  personLanguage: 'view',
  clocks: 'view',
  shortCode: 'view',
  flags: 'view',
  personNote: 'view',
  track: 'own track, empty once purged',
  events: 'timeline up to the cancel (personTimeline)',
  smsDelivery: 'never: for the control room',
  incident: 'never: how many others are there, or where, is for the control room',
} as const;

/** An alert_view row stored as JSON (`to_jsonb`) back as the row it was: timestamps (`*_at`) are dates again. */
export function reviveAlertRow(json: Record<string, unknown>): AlertRow {
  const row: Record<string, unknown> = { ...json };
  for (const [k, v] of Object.entries(row)) if (k.endsWith('_at') && typeof v === 'string') row[k] = new Date(v);
  return row as unknown as AlertRow;
}
