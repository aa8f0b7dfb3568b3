import type { Alert as AlertType, AlertEvent as AlertEventType, Advisor as AdvisorType } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { AppError, ErrorCode, badInput, notFound } from '../../domain/errors.js';
import { PERSON_ALERT_FIELDS, phoneRow, toPersonAlertView, type PersonAlertView } from '../../domain/personAlertView.js';
import { personMessage } from '../../domain/personWording.js';
import type { AdvisorRow, AlertRow, EventRow } from '../../sql/rows.js';
import { frozenPersonView } from '../../sql/personView.js';
import { advisorById } from '../../sql/roster.js';
import { trackOfAlert } from '../../sql/dispatch.js';
import { eventsOfAlert } from '../../sql/events.js';
import { personTimeline } from '../../domain/personTimeline.js';
import type { PersonViews } from './byViewer.js';

/**
 * What a PERSON is answered for the alert types (`applyPersonViews`): every field from the one projection,
 * `domain/personAlertView.ts`, over HTTP and WebSocket alike.
 */

// Memoised per row object: one request (or one shared stream execution) asks many fields of one alert.
const views = new WeakMap<AlertRow, Promise<PersonAlertView>>();

/** The phone's view of `a`, frozen at the duress PIN when there was one. */
export function personViewOf(ctx: Context, a: AlertRow): Promise<PersonAlertView> {
  let v = views.get(a);
  if (!v) {
    v = frozenPersonView(ctx.db, a).then((frozen) => toPersonAlertView(phoneRow(a, frozen)));
    views.set(a, v);
  }
  return v;
}

const consulateOf = (ctx: Context, id: string) => {
  const c = ctx.consulates.get(id);
  if (!c) throw notFound('consulate');
  return c;
};
const advisor = async (ctx: Context, id: string | null) => (id ? advisorById(ctx.db, id) : null);

type Field<P> = (parent: P, args: Record<string, unknown>, ctx: Context) => unknown;
const view = <K extends keyof PersonAlertView>(k: K): Field<AlertRow> => async (a, _x, ctx) => (await personViewOf(ctx, a))[k];

/** Every field of `Alert` (the compiler checks the schema's list against `PERSON_ALERT_FIELDS`). */
const alertFields: Record<Exclude<keyof AlertType, '__typename'> & keyof typeof PERSON_ALERT_FIELDS, Field<AlertRow>> = {
  id: view('id'),
  status: view('status'),
  kind: view('kind'),
  createdAt: view('createdAt'),
  location: view('location'),
  consulate: async (a, _x, ctx) => consulateOf(ctx, (await personViewOf(ctx, a)).consulateId),
  jurisdictionMatch: view('match'),
  offer: async (a, _x, ctx) => {
    const o = (await personViewOf(ctx, a)).offer;
    const who = o && (await advisor(ctx, o.advisorId));
    return o && who ? { advisor: who, distance_m: o.distance_m, expires_at: o.expires_at } : null;
  },
  assignedAdvisor: async (a, _x, ctx) => advisor(ctx, (await personViewOf(ctx, a)).assignedAdvisorId),
  duress: view('duress'),
  disposition: view('disposition'),
  resolutionNote: view('resolutionNote'),
  offerCount: view('offerCount'),
  personLanguage: view('personLanguage'),
  clocks: view('clocks'),
  shortCode: view('shortCode'),
  flags: view('flags'),
  personNote: view('personNote'),
  // What was texted to the person's contacts is for the control room only (docs/SMS.md).
  smsDelivery: () => null,
  // Never how many others are there or where (docs/SECURITY.md, Incidents).
  incident: () => null,
  track: async (a, args, ctx) => {
    const n = (args.last as number | undefined) ?? 50;
    if (!Number.isInteger(n) || n < 1 || n > 500) throw badInput('last must be between 1 and 500', 'last');
    if ((await personViewOf(ctx, a)).purged) return [];
    const rows = await trackOfAlert(ctx.db, a.id, n);
    return rows.map((t) => ({ lat: t.lat, lon: t.lon, accuracyM: t.accuracy_m, recordedAt: t.recorded_at }));
  },
  // Each event read carries the alert as it is now, which is `a`: one view for the whole timeline.
  events: async (a, _x, ctx) => personTimeline(await eventsOfAlert(ctx.db, a.id)).map((e) => ({ ...e, alert: a })),
};
// Both ways: a field of the schema's Alert missing from PERSON_ALERT_FIELDS, or the reverse, fails to compile.
const _sameFields: Record<keyof typeof PERSON_ALERT_FIELDS, unknown> & Record<Exclude<keyof AlertType, '__typename'>, unknown> = alertFields;
void _sameFields;

const NAMES_ADVISOR: ReadonlySet<EventRow['type']> = new Set(['ACKNOWLEDGED', 'ASSIGNED', 'REASSIGNED']);

/** The steps the phone is shown: worded for the advisor the phone's view names, without staff notes. */
const eventFields: Record<Exclude<keyof AlertEventType, '__typename'>, Field<EventRow>> = {
  cursor: (e) => String(e.seq),
  type: (e) => e.type,
  at: (e) => e.at,
  fromStatus: (e) => e.from_status,
  toStatus: (e) => e.to_status,
  actorRole: (e) => e.actor_role,
  note: () => null,
  alert: (e) => e.alert,
  summary: async (e, args, ctx) => {
    // Only the assignment steps name the advisor: the others need no view.
    const named = NAMES_ADVISOR.has(e.type) ? await advisor(ctx, (await personViewOf(ctx, e.alert)).assignedAdvisorId) : null;
    return personMessage(e.type, args.language as string | null | undefined, { consulateName: consulateOf(ctx, e.consulate_id).name, advisorName: named?.name ?? null, note: e.note });
  },
};

/** An advisor as the person may know them: who and from where, never their load, availability or position. */
const notForPersons = () => {
  throw new AppError(ErrorCode.FORBIDDEN, 'not shown to persons');
};
const advisorFields: Record<Exclude<keyof AdvisorType, '__typename'>, Field<AdvisorRow>> = {
  id: (a) => a.id,
  name: (a) => a.name,
  kind: (a) => a.kind,
  languages: (a) => a.languages,
  consulate: (a, _x, ctx) => consulateOf(ctx, a.consulate_id),
  location: () => null,
  locationAt: () => null,
  availability: notForPersons,
  active: notForPersons,
  capacity: notForPersons,
  activeAlerts: notForPersons,
  locationSuspect: notForPersons,
};

export const PERSON_VIEWS = { Alert: alertFields, AlertEvent: eventFields, Advisor: advisorFields } as unknown as PersonViews;
