import { Kind, type GraphQLResolveInfo } from 'graphql';
import type { AlertResolvers, IncidentEventResolvers, IncidentResolvers, QueryResolvers, SubscriptionResolvers } from '../../generated/graphql.js';
import type { Context } from '../context.js';
import { badInput, notFound } from '../../domain/errors.js';
import { isUuid } from '../../domain/ids.js';
import type { Viewer } from '../../domain/viewer.js';
import { canSeeAlert } from '../visibility.js';
import { alertById, alertsByIds } from '../../sql/alerts.js';
import { incidentById, incidentCrews, incidentOfAlert, incidentsOf, type IncidentCrew } from '../../sql/incidents.js';
import { tickBatched } from '../../tickBatch.js';
import type { Queryable } from '../../db/types.js';
import type { AlertRow } from '../../sql/rows.js';
import type { IncidentEventRow, IncidentRow } from '../../sql/incidentRows.js';
import { incidentEventStream, type IncidentHub } from '../../realtime/incidentStream.js';
import { lastIncidentEventId } from '../../sql/incidentEvents.js';
import { abortable } from '../../realtime/abortable.js';
import { parseCursor } from '../../realtime/stream.js';
import { controlRoomScope } from './stats.js';

/**
 * Who sees an incident (docs/SECURITY.md, Incidents): a SUPERVISOR any; an OPERATOR one with alerts of their
 * consulate (every consulate with alerts in it, not only the owner); nobody else (persons and advisors are
 * never shown how many others are there, or where). Refused as an alert is: null, never "it exists".
 */
export function canSeeIncident(v: Viewer | null, i: Pick<IncidentRow, 'consulate_ids'>): boolean {
  if (v?.role === 'SUPERVISOR') return true;
  return v?.role === 'OPERATOR' && !!v.consulateId && i.consulate_ids.includes(v.consulateId);
}

/**
 * Whether a viewer who may see the incident sees an alert of this consulate in it: canSeeAlert's rule for the
 * two roles that see incidents at all (a SUPERVISOR every alert, an OPERATOR their consulate's).
 */
const seesAlertsOf = (v: Viewer | null, consulateId: string) => v?.role === 'SUPERVISOR' || (v?.role === 'OPERATOR' && v.consulateId === consulateId);

/** The field asks `{ id }` of each alert and nothing else (`__typename` aside). */
const asksIdsOnly = (info: GraphQLResolveInfo) =>
  info.fieldNodes.every((n) => n.selectionSet?.selections.every((s) => s.kind === Kind.FIELD && (s.name.value === 'id' || s.name.value === '__typename')));

/**
 * An incident row's members, team and lead, read once per row object. A live incident event is one object
 * that every subscribed console resolves: N consoles cost one read of it, not three each (during a raid the
 * incident events were a tenth of the service's statements with two subscribers). The rows asked for in one
 * turn are read in one statement (`incidentCrews`): a list of incidents is one read, and so is a batch of live
 * events, whose crews `warmIncidentCrews` asks for as the hub hands the batch over. Each console still filters
 * the members by what its viewer may see. A failed read is forgotten, so the next subscriber tries again.
 */
const crews = new WeakMap<IncidentRow, Promise<IncidentCrew>>();
const crewLoaders = new WeakMap<Queryable, (i: IncidentRow) => Promise<IncidentCrew>>();
function crewOf(db: Queryable, i: IncidentRow): Promise<IncidentCrew> {
  let crew = crews.get(i);
  if (!crew) {
    let load = crewLoaders.get(db);
    if (!load) {
      load = tickBatched((rows: IncidentRow[]) => incidentCrews(db, rows.map((r) => ({ id: r.id, lead: r.lead_advisor_id }))));
      crewLoaders.set(db, load);
    }
    crew = load(i);
    crews.set(i, crew);
    crew.catch(() => crews.delete(i));
  }
  return crew;
}

/**
 * While anyone follows incident events, each batch the hub hands over has its crews read in one statement,
 * before the subscribers' executions ask for them one event after another (each subscriber's events are
 * executed in turn, so they would be one read per event). Answers the unwatch.
 */
export function warmIncidentCrews(hub: IncidentHub, db: Queryable): () => void {
  return hub.watch((e) => {
    if (hub.listenerCount > 0) crewOf(db, e.incident).catch(() => undefined);
  });
}

const visible = (ctx: Context, i: IncidentRow | null) => (i && canSeeIncident(ctx.viewer, i) ? i : null);

const consulateOf = (ctx: Context, id: string) => {
  const c = ctx.consulates.get(id);
  if (!c) throw notFound('consulate');
  return c;
};

export const IncidentQueries: Pick<QueryResolvers<Context>, 'incidents' | 'incident' | 'incidentEventsCursor'> = {
  incidents: (_r, { consulateId, includeClosed }, ctx) => incidentsOf(ctx.db, controlRoomScope(ctx, consulateId), includeClosed ?? false),
  incident: async (_r, { id }, ctx) => (isUuid(id) ? visible(ctx, await incidentById(ctx.db, id)) : null),
  // From the primary, as the stream reads: a cursor ahead of what the stream has would skip events.
  incidentEventsCursor: async (_r, _a, ctx) => String(await lastIncidentEventId(ctx.db)),
};

export const Incident: IncidentResolvers<Context> = {
  consulate: (i, _x, ctx) => consulateOf(ctx, i.consulate_id),
  consulates: (i, _x, ctx) => i.consulate_ids.map((c) => consulateOf(ctx, c)),
  startedAt: (i) => i.started_at,
  updatedAt: (i) => i.updated_at,
  closedAt: (i) => i.closed_at,
  alertCount: (i) => i.alert_count,
  openAlertCount: (i) => i.open_alert_count,
  center: (i) => ({ lat: i.center_lat, lon: i.center_lon, accuracyM: null, precise: true }),
  // Each alert as the viewer may see it: an operator lists their own consulate's alerts in a border incident.
  alerts: async (i, _x, ctx, info) => {
    const members = (await crewOf(ctx.db, i)).members.filter((m) => seesAlertsOf(ctx.viewer, m.consulate_id));
    // `alerts { id }` is the console's snapshot with every incident event: whole alert rows for it, each event
    // loading all of a raid's, took the server from the raises. The ids need no row.
    if (asksIdsOnly(info)) return members.map(({ id }) => ({ id }) as AlertRow);
    const rows = new Map((await alertsByIds(ctx.db, members.map((m) => m.id))).map((a) => [a.id, a]));
    return members.map((m) => rows.get(m.id)).filter((a): a is AlertRow => !!a && canSeeAlert(ctx.viewer, a));
  },
  mergedInto: async (i, _x, ctx) => (i.merged_into ? visible(ctx, await incidentById(ctx.db, i.merged_into)) : null),
  lead: async (i, _x, ctx) => (i.lead_advisor_id ? (await crewOf(ctx.db, i)).lead : null),
  team: async (i, _x, ctx) => (await crewOf(ctx.db, i)).team,
};

export const IncidentEvent: IncidentEventResolvers<Context> = {
  cursor: (e) => String(e.id),
  alert: async (e, _x, ctx) => {
    const id = e.data.alertId;
    if (typeof id !== 'string') return null;
    const a = await alertById(ctx.db, id);
    return a && canSeeAlert(ctx.viewer, a) ? a : null;
  },
};

/** `Alert.incident`: only for the control room (a PERSON is answered from graphql/person/views.ts: null). */
export const IncidentOfAlert: Pick<AlertResolvers<Context>, 'incident'> = {
  incident: async (a, _x, ctx) => {
    const v = ctx.viewer;
    if (v?.role !== 'OPERATOR' && v?.role !== 'SUPERVISOR') return null;
    return visible(ctx, await incidentOfAlert(ctx.db, a.id));
  },
};

export const IncidentSubscriptions: Pick<SubscriptionResolvers<Context>, 'incidentEvents'> = {
  incidentEvents: {
    subscribe: (_r, { consulateId, after }, ctx) => {
      const scope = controlRoomScope(ctx, consulateId);
      const cursor = parseCursor(after);
      if (Number.isNaN(cursor)) throw badInput('after must be a cursor returned by this API', 'after');
      return abortable((signal) => incidentEventStream(ctx.db, ctx.incidentHub, scope, cursor, signal)) as AsyncIterable<never>;
    },
    resolve: (e: IncidentEventRow) => e,
  },
};
